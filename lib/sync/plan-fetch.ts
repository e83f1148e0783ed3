import type { SyncDeps } from "./deps";
import { knownProblems } from "./file-problems";
import type { TreeFile } from "./files";
import type { ListedFile } from "./staging";

export type SyncedTemplate = { syncSource: string; syncSha: string; deletedAt: Date | null };

/** The tenant's templates managed by GitHub sync (live and deleted), by path and blob. */
export async function loadSyncedTemplates(deps: SyncDeps, tenantId: string): Promise<SyncedTemplate[]> {
  return deps.db.$queryRaw<SyncedTemplate[]>`
    SELECT sync_source AS "syncSource", sync_sha AS "syncSha", deleted_at AS "deletedAt"
    FROM templates WHERE tenant_id = ${BigInt(tenantId)} AND sync_source IS NOT NULL`;
}

/**
 * Which listed files must be downloaded: those whose blob SHA no template has
 * synced at that path, and that are not a move of a template whose path
 * disappeared (same blob at a new path), nor an invalid file already recorded
 * with the same blob. Renames found by GitHub's compare ride along for apply.
 */
export async function planFetch(
  deps: SyncDeps,
  tenantId: string,
  files: TreeFile[],
  templates: SyncedTemplate[],
  renames: Map<string, string>,
): Promise<ListedFile[]> {
  const problems = await knownProblems(deps.db, BigInt(tenantId));
  const synced = new Map(templates.map((t) => [t.syncSource, t.syncSha]));
  const present = new Set(files.map(([path]) => path));
  const movable = new Set(templates.filter((t) => !t.deletedAt && !present.has(t.syncSource)).map((t) => t.syncSha));
  return files.map(([path, sha, size]) => ({
    path,
    sha,
    size,
    fetch: synced.get(path) !== sha && !(!synced.has(path) && movable.has(sha)) && problems.get(path)?.sha !== sha,
    previousPath: renames.get(path) ?? null,
  }));
}
