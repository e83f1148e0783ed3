import type { SyncDeps } from "./deps";
import { knownProblems } from "./file-problems";
import type { TreeFile } from "./files";
import type { SyncContext } from "./run-record";
import type { ListedFile } from "./staging";

/**
 * Which listed files must be downloaded: those whose blob SHA no template has
 * synced at that path, and that are not a move of a template whose path
 * disappeared (same blob at a new path), nor an invalid file already recorded
 * with the same blob.
 */
export async function planFetch(deps: SyncDeps, context: SyncContext, files: TreeFile[]): Promise<ListedFile[]> {
  const templates = await deps.db.template.findMany({
    where: { tenantId: BigInt(context.tenantId), syncSource: { not: null } },
    select: { syncSource: true, syncSha: true, deletedAt: true },
  });
  const problems = await knownProblems(deps.db, BigInt(context.tenantId));
  const synced = new Map(templates.map((t) => [t.syncSource!, t.syncSha]));
  const present = new Set(files.map(([path]) => path));
  const movable = new Set(templates.filter((t) => !t.deletedAt && !present.has(t.syncSource!)).map((t) => t.syncSha));
  return files.map(([path, sha, size]) => ({
    path,
    sha,
    size,
    fetch: synced.get(path) !== sha && !(!synced.has(path) && movable.has(sha)) && problems.get(path)?.sha !== sha,
  }));
}
