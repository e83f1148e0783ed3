import { assertAdmin, type Actor } from "../auth/actor";
import { commitUrl } from "../github/links";
import { liveConnectionOf, type InstallationRecord } from "../github-sync/connection";
import type { SyncDeps } from "./deps";
import { listHistoryRows } from "./history-rows";
import type { SyncCounts } from "./results";
import { runErrors, type LinkedFileError } from "./run-errors";

export type SyncRunView = {
  id: string;
  reason: string;
  status: string;
  commit: string | null;
  commitUrl: string | null;
  commitMessage: string | null;
  commitAuthor: string | null;
  counts: SyncCounts;
  githubRequests: number;
  /** Of those, the ones answered 304 Not Modified: GitHub does not count them against its rate limit. */
  githubNotModified: number;
  durationMs: number | null;
  error: string | null;
  /**
   * The first 100 invalid files, each linked to GitHub at the run's commit and line: sent only for
   * the newest run with errors (the others: `[]`, from GET /api/github-sync/runs/:id/errors).
   */
  errors: LinkedFileError[];
  /** Whether `errors` holds all the run's stored errors (false: not sent, ask for them by the run's id). */
  errorsIncluded: boolean;
  /** How many invalid files the run found (the rest are paged from GET /api/github-sync/problems). */
  errorCount: number;
  createdAt: string;
  finishedAt: string | null;
  inngestUrl: string | null;
};

export type SyncHistory = { runs: SyncRunView[]; nextManualSyncAt: string | null };

/**
 * The organization's last runs (newest first) and when Sync Now is next allowed. Only the newest
 * run with errors carries them: 50 runs × 100 errors would make every poll over a megabyte.
 */
export async function getSyncHistory(
  deps: Pick<SyncDeps, "db" | "now">,
  actor: Actor,
  {
    dashboardUrl,
    limit = 50,
    connection,
  }: {
    dashboardUrl: string;
    limit?: number;
    /** The connection row when the caller already read it (the settings page reads it once). */
    connection?: InstallationRecord | null;
  },
): Promise<SyncHistory> {
  assertAdmin(actor);
  const [runs, installation] = await Promise.all([
    listHistoryRows(deps.db, actor.tenantId, Math.min(limit, 50)),
    connection !== undefined
      ? connection
      : deps.db.githubAppInstallation.findFirst({
          where: liveConnectionOf(actor.tenantId),
          select: { repositoryUrl: true, manualSyncAvailableAt: true },
        }),
  ]);
  const repositoryUrl = installation?.repositoryUrl ?? null;
  const nextAt = installation?.manualSyncAvailableAt;
  return {
    nextManualSyncAt: nextAt && nextAt > deps.now() ? nextAt.toISOString() : null,
    runs: runs.map((r) => ({
      id: r.id.toString(),
      reason: r.reason,
      status: r.status,
      commit: r.commit,
      commitUrl: commitUrl(repositoryUrl, r.commit),
      commitMessage: r.commitMessage,
      commitAuthor: r.commitAuthor,
      counts: {
        created: r.created,
        updated: r.updated,
        moved: r.moved,
        deleted: r.deleted,
        unchanged: r.unchanged,
        invalid: r.invalid,
      },
      githubRequests: r.githubRequests,
      githubNotModified: r.notModified,
      durationMs: r.durationMs,
      error: r.error,
      ...(r.errors != null ? { ...runErrors(r, repositoryUrl), errorsIncluded: true } : withoutErrors(r)),
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      inngestUrl: r.inngestRunId ? `${dashboardUrl}/run?runID=${encodeURIComponent(r.inngestRunId)}` : null,
    })),
  };
}

/** A run sent without its errors: they were none, or they are asked for by the run's id. */
const withoutErrors = (run: { errorCount: number }) => ({
  errors: [],
  errorCount: run.errorCount,
  errorsIncluded: run.errorCount === 0,
});
