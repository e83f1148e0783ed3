import { describe, expect, it } from "vitest";
import { scanTreeJson } from "@/lib/sync/tree-json";

/** GitHub's tree answer, read entry by entry from a stream of text, must equal JSON.parse of the whole. */
const answer = (truncated: boolean) => ({
  sha: "t".repeat(40),
  url: "https://api.github.test/repos/o/r/git/trees/t",
  tree: [
    { path: "a.json", mode: "100644", type: "blob", sha: "1".repeat(40), size: 12, url: "u1" },
    { path: "dir", mode: "040000", type: "tree", sha: "2".repeat(40), url: "u2" },
    { path: 'dir/we"ird {x} [y], \\ é 😀.json', mode: "100644", type: "blob", sha: "3".repeat(40), size: 0 },
  ],
  truncated,
});

async function* inChunks(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function scan(text: string, size: number) {
  const entries: Record<string, unknown>[] = [];
  const top = await scanTreeJson(inChunks(text, size), (entry) => entries.push(entry));
  return { entries, top };
}

describe("scanTreeJson", () => {
  it("yields every entry and the top level, whatever the chunk boundaries", async () => {
    for (const truncated of [false, true]) {
      const value = answer(truncated);
      for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2)]) {
        for (const size of [1, 2, 3, 7, 64, text.length]) {
          const { entries, top } = await scan(text, size);
          expect(entries).toEqual(value.tree);
          expect(top).toEqual({ ...value, tree: [] });
        }
      }
    }
  });

  it("refuses an answer cut short", async () => {
    const text = JSON.stringify(answer(false));
    await expect(scan(text.slice(0, text.length - 20), 10)).rejects.toThrow(/ended before its JSON did/);
  });
});
