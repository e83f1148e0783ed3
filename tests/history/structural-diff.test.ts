import { describe, expect, it } from "vitest";
import { diffDocuments } from "@/lib/history/structural-diff";
import { summarize } from "@/lib/history/summary";

describe("diffDocuments", () => {
  it("treats reordered keys as no change", () => {
    expect(diffDocuments({ a: 1, b: { c: [1, 2], d: null } }, { b: { d: null, c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it("reports an item inserted into an array once, at its new index, not as a shift of every later item", () => {
    expect(diffDocuments({ list: ["a", "b", "c"] }, { list: ["a", "new", "b", "c"] })).toEqual([
      { path: "/list/1", kind: "added", after: "new" },
    ]);
    expect(diffDocuments({ list: ["a", "b", "c"] }, { list: ["a", "c"] })).toEqual([
      { path: "/list/1", kind: "removed", before: "b" },
    ]);
  });

  it("goes into objects inside arrays, and escapes ~ and / in keys as JSON Pointer does", () => {
    const before = { rows: [{ id: 1, cells: { "a/b": 1, "x~y": [true] } }] };
    const after = { rows: [{ id: 1, cells: { "a/b": 2, "x~y": [false] } }] };
    expect(diffDocuments(before, after)).toEqual([
      { path: "/rows/0/cells/a~1b", kind: "changed", before: 1, after: 2 },
      { path: "/rows/0/cells/x~0y/0", kind: "changed", before: true, after: false },
    ]);
  });

  it("gives values, not text: a value whose type changed is one change with both values", () => {
    expect(diffDocuments({ v: { deep: [1] } }, { v: "flat" })).toEqual([
      { path: "/v", kind: "changed", before: { deep: [1] }, after: "flat" },
    ]);
  });
});

describe("summarize", () => {
  const v = (text: string, event = "changed", path: string | null = null) => ({
    event,
    path,
    text,
    restoredFromId: null,
  });
  it("says what changed in short", () => {
    const changes = [
      { path: "/name", kind: "changed" as const, before: "a", after: "b" },
      { path: "/x", kind: "added" as const, after: 1 },
      { path: "/y", kind: "added" as const, after: 2 },
    ];
    expect(summarize(v("2"), v("1"), changes)).toBe("name changed; 2 fields added");
    expect(summarize(v("{ }"), v("{}"), [])).toBe("formatting changed");
    expect(summarize(v("{}"), v("{}"), [])).toBe("no change to the document");
    expect(summarize(v("{}", "moved", "b.json"), v("{}", "changed", "a.json"), [])).toBe("moved from a.json");
    expect(summarize(v("{}", "created"), null, null)).toBe("created");
  });
});
