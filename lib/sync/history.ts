import { assertAdmin, type Actor } from "../auth/actor";
import { commitUrl, fileLineUrl } from "../github/links";
import { liveConnectionOf, type InstallationRecord } from "../github-sync/connection";
import type { SyncDeps } from "./deps";
import { MAX_STORED_ERRORS, parseSyncErrors, type SyncCounts, type SyncFileError } from "./results";

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
  /** The first 100 invalid files, each linked to GitHub at the run's commit and line. */
  errors: (SyncFileError & { url: string | null })[];
  /** How many invalid files the run found (the rest are paged from GET /api/github-sync/problems). */
  errorCount: number;
  createdAt: string;
  finishedAt: string | null;
  inngestUrl: string | null;
};

export type SyncHistory = { runs: SyncRunView[]; nextManualSyncAt: string | null };

/** The organization's last runs (newest first) and when Sync Now is next allowed. */
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
    deps.db.syncRun.findMany({
      where: { tenantId: actor.tenantId },
      orderBy: { id: "desc" },
      take: Math.min(limit, 50),
    }),
    connection !== undefined
      ? connection
      : deps.db.githubAppInstallation.findFirst({
          where: liveConnectionOf(actor.tenantId),
          select: { repositoryUrl: true, manualSyncAvailableAt: true },
        }),
  ]);
  const nextAt = installation?.manualSyncAvailableAt;
  return {
    nextManualSyncAt: nextAt && nextAt > deps.now() ? nextAt.toISOString() : null,
    runs: runs.map((r) => ({
      id: r.id.toString(),
      reason: r.reason,
      status: r.status,
      commit: r.commit,
      commitUrl: commitUrl(installation?.repositoryUrl ?? null, r.commit),
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
      ...runErrors(r, installation?.repositoryUrl ?? null),
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      inngestUrl: r.inngestRunId ? `${dashboardUrl}/run?runID=${encodeURIComponent(r.inngestRunId)}` : null,
    })),
  };
}

/** The run's stored errors (at most 100, even from rows written before the cap) and their count. */
function runErrors(run: { errors: unknown; errorCount: number; commit: string | null }, repositoryUrl: string | null) {
  const errors = parseSyncErrors(run.errors);
  return {
    errors: errors.slice(0, MAX_STORED_ERRORS).map((e) => ({
      ...e,
      url: fileLineUrl(repositoryUrl, run.commit, e.path, e.line),
    })),
    errorCount: Math.max(run.errorCount, errors.length),
  };
}
