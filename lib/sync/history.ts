import { assertAdmin, type Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { getEnv } from "../env";

export type SyncRunView = {
  id: string;
  reason: string;
  status: string;
  commit: string | null;
  commitUrl: string | null;
  counts: { created: number; updated: number; moved: number; deleted: number; unchanged: number; invalid: number };
  githubRequests: number;
  durationMs: number | null;
  error: string | null;
  errors: { path: string; message: string; line?: number; column?: number }[];
  createdAt: string;
  finishedAt: string | null;
  inngestUrl: string | null;
};

/** The organization's last runs (newest first) and when Sync Now is next allowed. */
export async function getSyncHistory(
  actor: Actor,
  limit = 50,
): Promise<{ runs: SyncRunView[]; nextManualSyncAt: string | null }> {
  assertAdmin(actor);
  const db = getDb();
  const [runs, installation] = await Promise.all([
    db.syncRun.findMany({ where: { tenantId: actor.tenantId }, orderBy: { id: "desc" }, take: Math.min(limit, 50) }),
    db.githubAppInstallation.findFirst({
      where: { tenantId: actor.tenantId, deletedAt: null },
      select: { repositoryUrl: true, manualSyncAvailableAt: true },
    }),
  ]);
  const dashboard = getEnv().inngestDashboardUrl;
  const nextAt = installation?.manualSyncAvailableAt;
  return {
    nextManualSyncAt: nextAt && nextAt > new Date() ? nextAt.toISOString() : null,
    runs: runs.map((r) => ({
      id: r.id.toString(),
      reason: r.reason,
      status: r.status,
      commit: r.commit,
      commitUrl: r.commit && installation?.repositoryUrl ? `${installation.repositoryUrl}/commit/${r.commit}` : null,
      counts: {
        created: r.created,
        updated: r.updated,
        moved: r.moved,
        deleted: r.deleted,
        unchanged: r.unchanged,
        invalid: r.invalid,
      },
      githubRequests: r.githubRequests,
      durationMs: r.durationMs,
      error: r.error,
      errors: (r.errors as SyncRunView["errors"] | null) ?? [],
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      inngestUrl: r.inngestRunId ? `${dashboard}/run?runID=${encodeURIComponent(r.inngestRunId)}` : null,
    })),
  };
}
