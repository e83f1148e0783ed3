import { describe, expect, it } from "vitest";
import { groupCommit } from "@/lib/db/group-commit";

/** A writer that records each batch it was given and answers when released. */
function recordingWriter(fail?: (item: string) => boolean) {
  const batches: string[][] = [];
  const pending: (() => void)[] = [];
  const write = (items: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(items);
      pending.push(() => {
        const bad = items.find((item) => fail?.(item));
        if (bad) reject(new Error(`cannot write ${bad}`));
        else resolve(items.map((item) => `wrote ${item}`));
      });
    });
  const releaseAll = async () => {
    while (pending.length) {
      pending.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { batches, write, releaseAll };
}

describe("groupCommit", () => {
  it("writes a lone call at once, alone", async () => {
    const writer = recordingWriter();
    const record = groupCommit(writer.write);
    const answer = record("a");
    expect(writer.batches).toEqual([["a"]]);
    await writer.releaseAll();
    expect(await answer).toBe("wrote a");
  });

  it("writes the calls made while a batch is on its way together in the next, each answered with its own result", async () => {
    const writer = recordingWriter();
    const record = groupCommit(writer.write);
    const answers = ["a", "b", "c", "d"].map(record);
    expect(writer.batches).toEqual([["a"]]);
    await writer.releaseAll();
    expect(writer.batches).toEqual([["a"], ["b", "c", "d"]]);
    expect(await Promise.all(answers)).toEqual(["wrote a", "wrote b", "wrote c", "wrote d"]);
  });

  it("never puts two items with one key in a batch, and keeps batches within maxBatch", async () => {
    const writer = recordingWriter();
    const record = groupCommit(writer.write, { maxBatch: 2, keyOf: (item) => item[0]! });
    const answers = ["x0", "a1", "a2", "b1", "c1", "a3"].map(record);
    await writer.releaseAll();
    expect(writer.batches).toEqual([["x0"], ["a1", "b1"], ["a2", "c1"], ["a3"]]);
    expect(await Promise.all(answers)).toEqual(["x0", "a1", "a2", "b1", "c1", "a3"].map((item) => `wrote ${item}`));
  });

  it("a failing batch is written again item by item: only the bad item's caller gets the error", async () => {
    const writer = recordingWriter((item) => item === "bad");
    const record = groupCommit(writer.write);
    const answers = ["first", "good", "bad", "also good"].map((item) =>
      record(item).then(
        (result) => result,
        (error: Error) => `error: ${error.message}`,
      ),
    );
    await writer.releaseAll();
    expect(writer.batches).toEqual([["first"], ["good", "bad", "also good"], ["good"], ["bad"], ["also good"]]);
    expect(await Promise.all(answers)).toEqual([
      "wrote first",
      "wrote good",
      "error: cannot write bad",
      "wrote also good",
    ]);
  });

  it("refuses an answer that does not have one result per item", async () => {
    const record = groupCommit(async (items: string[]) => items.slice(1));
    await expect(record("a")).rejects.toThrow("0 results for 1 items");
  });

  it("keeps going after a failure: the next call is written", async () => {
    let calls = 0;
    const record = groupCommit(async (items: string[]) => {
      calls++;
      if (calls === 1) throw new Error("database unavailable");
      return items;
    });
    await expect(record("a")).rejects.toThrow("database unavailable");
    expect(await record("b")).toBe("b");
  });
});
