import type { Db } from "../db/client";
import { planApply, type ListedForApply } from "../sync/apply-plan";
import { readSyncedTemplates } from "../sync/apply-writes";
import { knownProblems } from "../sync/file-problems";
import type { SyncCounts, SyncFileError } from "../sync/results";
import { isTemplatePath, type ChangedFile } from "./pull-request-files";

export type PlannedAction = "created" | "updated" | "moved" | "deleted" | "invalid" | "invalid (unchanged)";
export type PlanEntry = { path: string; action: PlannedAction; from?: string };
export type PullRequestPlan = {
  counts: SyncCounts;
  entries: PlanEntry[];
  /** Invalid files the pull request adds or changes: the check's annotations. */
  errors: SyncFileError[];
  /** Live synced templates before the merge, for the mass-delete guard. */
  synced: number;
};

/**
 * The change plan merging the pull request would apply, computed by the sync's own planApply:
 * the organization's synced templates and recorded invalid files are the listing before the
 * merge, the pull request's changed files are laid over it.
 */
export async function planPullRequest(
  db: Db,
  tenantId: bigint,
  folder: string,
  changed: ChangedFile[],
): Promise<PullRequestPlan> {
  const templates = await readSyncedTemplates(db, tenantId);
  const known = await knownProblems(db, tenantId);
  const listing = new Map<string, ListedForApply>();
  const unchanged = (path: string, sha: string) =>
    listing.set(path, { path, sha, previousPath: null, fetched: false, problem: null });
  for (const t of templates) if (!t.deletedAt) unchanged(t.syncSource, t.syncSha);
  for (const p of known.values()) unchanged(p.path, p.sha);
  for (const file of changed) {
    if (file.previousPath) listing.delete(file.previousPath);
    listing.delete(file.path);
    if (file.status === "removed" || !isTemplatePath(file.path, folder) || !file.result) continue;
    const renamedFrom = file.previousPath && isTemplatePath(file.previousPath, folder) ? file.previousPath : null;
    listing.set(file.path, {
      path: file.path,
      sha: file.sha,
      previousPath: renamedFrom,
      fetched: true,
      problem: file.result.ok ? null : file.result.problem,
    });
  }
  const files = [...listing.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  const plan = planApply(files, templates, known);

  const sourceOf = new Map(templates.map((t) => [t.id, t.syncSource]));
  const touched = new Set(changed.map((f) => f.path));
  const movedIds = new Set(plan.moves.map((m) => m.id));
  const entries: PlanEntry[] = [
    ...plan.creates.map((path) => ({ path, action: "created" as const })),
    ...plan.updates.filter((u) => !movedIds.has(u.id)).map((u) => ({ path: u.path, action: "updated" as const })),
    ...plan.revivals.map((id) => ({ path: sourceOf.get(id)!, action: "updated" as const })),
    ...plan.moves.map((m) => ({ path: m.path, action: "moved" as const, from: sourceOf.get(m.id)! })),
    ...plan.deletes.map((id) => ({ path: sourceOf.get(id)!, action: "deleted" as const })),
    ...plan.errors.map((e) => ({
      path: e.path,
      action: touched.has(e.path) ? ("invalid" as const) : ("invalid (unchanged)" as const),
    })),
  ];
  return {
    counts: plan.counts,
    entries: entries.sort((a, b) => (a.path < b.path ? -1 : 1)),
    errors: plan.errors.filter((e) => touched.has(e.path)),
    synced: templates.filter((t) => !t.deletedAt).length,
  };
}
