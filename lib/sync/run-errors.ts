import { assertAdmin, type Actor } from "../auth/actor";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { fileLineUrl } from "../github/links";
import { liveConnectionOf } from "../github-sync/connection";
import { MAX_STORED_ERRORS, parseSyncErrors, type SyncFileError } from "./results";

/** An invalid file of a run, linked to GitHub at the run's commit and line. */
export type LinkedFileError = SyncFileError & { url: string | null };

/** The run's stored errors (at most 100, even from rows written before the cap) and their count. */
export function runErrors(
  run: { errors: unknown; errorCount: number; commit: string | null },
  repositoryUrl: string | null,
): { errors: LinkedFileError[]; errorCount: number } {
  const errors = parseSyncErrors(run.errors);
  return {
    errors: errors.slice(0, MAX_STORED_ERRORS).map((e) => ({
      ...e,
      url: fileLineUrl(repositoryUrl, run.commit, e.path, e.line),
    })),
    errorCount: Math.max(run.errorCount, errors.length),
  };
}

/** What GET /api/github-sync/runs/:id/errors answers. */
export type RunErrorsAnswer = { errors: LinkedFileError[]; error_count: number };

/**
 * The stored invalid files of one of the organization's runs, for the history rows that were sent
 * without them (the history carries them only for its newest run with errors). Admins only; a run
 * of another organization, or an id that is not one, is "not found".
 */
export async function getRunErrors(db: Db, actor: Actor, runId: string): Promise<RunErrorsAnswer> {
  assertAdmin(actor);
  if (!/^\d{1,18}$/.test(runId)) throw new AppError("not_found", "No such sync run.");
  const [run, connection] = await Promise.all([
    db.syncRun.findFirst({
      where: { id: BigInt(runId), tenantId: actor.tenantId },
      select: { errors: true, errorCount: true, commit: true },
    }),
    db.githubAppInstallation.findFirst({
      where: liveConnectionOf(actor.tenantId),
      select: { repositoryUrl: true },
    }),
  ]);
  if (!run) throw new AppError("not_found", "No such sync run.");
  const { errors, errorCount } = runErrors(run, connection?.repositoryUrl ?? null);
  return { errors, error_count: errorCount };
}
