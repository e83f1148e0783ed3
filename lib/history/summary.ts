import type { Change } from "./structural-diff";

export type SummaryInput = {
  event: string;
  path: string | null;
  text: string;
  restoredFromId: string | null;
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

const EVENT: Record<string, (v: SummaryInput, previous: SummaryInput | null) => string | null> = {
  created: () => "created",
  recorded: () => "history begins",
  deleted: () => "deleted",
  revived: () => "file back in the repository",
  restored: (v) => (v.restoredFromId ? `restored version ${v.restoredFromId}` : "restored"),
  disconnected: () => "disconnected from GitHub; kept and editable in Allegro",
  reconnected: () => "GitHub Sync reconnected",
  moved: (v, previous) => (previous?.path && previous.path !== v.path ? `moved from ${previous.path}` : "moved"),
};

/**
 * What a version changed, in short ("name changed; 2 fields added"), from its
 * event and the structural changes since the version before it.
 */
export function summarize(version: SummaryInput, previous: SummaryInput | null, changes: Change[] | null): string {
  const parts: string[] = [];
  const event = EVENT[version.event]?.(version, previous);
  if (event) parts.push(event);
  if (previous && changes) {
    const others = changes.filter((c) => c.path !== "/name");
    if (others.length < changes.length) parts.push("name changed");
    for (const kind of ["added", "removed", "changed"] as const) {
      const count = others.filter((c) => c.kind === kind).length;
      if (count) parts.push(`${plural(count, "field")} ${kind}`);
    }
    if (!changes.length && previous.text !== version.text) parts.push("formatting changed");
    if (!parts.length) parts.push("no change to the document");
  }
  return parts.join("; ") || "saved";
}
