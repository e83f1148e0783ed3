import { create, type Delta } from "jsondiffpatch";

/** One difference between two JSON documents, at a JSON Pointer path (RFC 6901). */
export type Change = {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
};

// Array items are matched by a longest common subsequence (an insertion is one change, not a shift
// of every later item); objects compare by key, so a reordered key is no change. No move detection
// and no text diffs inside strings: a changed string is one change with both values.
const differ = create({ arrays: { detectMove: false } });

const escape = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** The structural difference from `before` to `after`: JSON paths added, removed or changed, with the values. */
export function diffDocuments(before: unknown, after: unknown): Change[] {
  const changes: Change[] = [];
  walk(differ.diff(before, after), "", changes);
  return changes;
}

function walk(delta: Delta, path: string, out: Change[]) {
  if (delta === undefined) return;
  if (Array.isArray(delta)) {
    if (delta.length === 1) out.push({ path, kind: "added", after: delta[0] });
    else if (delta.length === 2) out.push({ path, kind: "changed", before: delta[0], after: delta[1] });
    else if (delta[2] === 0) out.push({ path, kind: "removed", before: delta[0] });
    return;
  }
  const entries = Object.entries(delta as Record<string, Delta>);
  if ((delta as { _t?: string })._t === "a") return walkArray(entries, path, out);
  for (const [key, inner] of entries) walk(inner, `${path}/${escape(key)}`, out);
}

/** jsondiffpatch's array delta: "_i" is removed at old index i, "i" added or changed at new index i. */
function walkArray(entries: [string, Delta][], path: string, out: Change[]) {
  const removed = new Map<string, unknown>();
  for (const [key, inner] of entries) {
    if (key.startsWith("_") && key !== "_t" && Array.isArray(inner)) removed.set(key.slice(1), inner[0]);
  }
  const nested: Change[] = [];
  for (const [key, inner] of entries) {
    if (key.startsWith("_")) continue;
    const at = `${path}/${key}`;
    // Removed and added at the same index: one item replaced, shown as changed.
    if (Array.isArray(inner) && inner.length === 1 && removed.has(key)) {
      nested.push({ path: at, kind: "changed", before: removed.get(key), after: inner[0] });
      removed.delete(key);
    } else walk(inner, at, nested);
  }
  for (const [index, before] of removed) out.push({ path: `${path}/${index}`, kind: "removed", before });
  out.push(...nested);
}
