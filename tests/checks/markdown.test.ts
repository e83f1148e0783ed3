import { describe, expect, it } from "vitest";
import { annotationsFor } from "@/lib/checks/check-run";
import { escapeMarkdown } from "@/lib/checks/markdown";
import { planOutput } from "@/lib/checks/summary";

const HOSTILE = "x`[Approve this PR](https://evil.test/steal)` <img src=x onerror=alert(1)> @admins\r\n| cell |.json";
const counts = { created: 1, updated: 0, moved: 0, deleted: 0, unchanged: 0, invalid: 0 };

/** The summary with our own markup (code tags, the settings link) taken out: what a file name produced. */
const fromFiles = (summary: string) =>
  summary.replace(/<\/?code>/g, "").replace("[GitHub Sync settings](https://allegro.test/settings/github-sync)", "");

describe("check run output escapes what comes from the repository", () => {
  it("a file name with a backtick and a link renders as text: no link, tag, mention or cell of its own, no \\r", () => {
    const output = planOutput({
      title: "Title\r",
      counts,
      entries: [{ path: HOSTILE, action: "created" }],
      settingsUrl: "https://allegro.test/settings/github-sync",
      notes: ["A note with [a link](https://evil.test)\r"],
    });
    const text = fromFiles(output.summary);
    // Every character that could start Markdown or HTML is escaped with a backslash.
    expect(text).not.toMatch(/(?<!\\)[`[\]()<>@!]/);
    expect(output.summary).not.toContain("\r");
    expect(output.title).toBe("Title");
    // The row stays one table row with two cells.
    const row = output.summary.split("\n").find((line) => line.includes("Approve"))!;
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(3);
    expect(output.summary).toContain("[GitHub Sync settings](https://allegro.test/settings/github-sync)");
  });

  it("escapes every ASCII punctuation character and keeps letters, digits and spaces", () => {
    expect(escapeMarkdown("a-b_c*d [e](f) 1.2")).toBe("a\\-b\\_c\\*d \\[e\\]\\(f\\) 1\\.2");
    expect(escapeMarkdown("line\r\nnext")).toBe("line next");
  });

  it("annotation messages (plain text on GitHub) lose their \\r", () => {
    const [annotation] = annotationsFor([{ path: "a.json", message: "bad\r\nvalue", line: 2 }]);
    expect(annotation!.message).toBe("bad\nvalue");
  });
});
