import { SYNCABLE_CONNECTION } from "../github-sync/connection";
import { readBranchHead } from "./branch-head";
import type { SyncDeps } from "./deps";
import { classifyGithubError, PermanentSyncError } from "./github";
import type { SyncRequest } from "./request";
import { loggerFor } from "../observability/logger";

/**
 * A request younger than this may still wait in the sync's debounce (at most 1 minute) or in
 * the relay's backoff: its run will pick up the head, so the reconcile leaves it alone.
 */
export const IN_FLIGHT_GRACE_MS = 3 * 60_000;

/**
 * GitHub never redelivers a failed webhook: compare each syncable connection's
 * branch head with what was last synced (or held back by the mass-delete
 * guard), and say which need a sync. Connections
 * with a sync already on its way (a recent or unsent request, a queued or running
 * run) are skipped: a second request would only replace the push's in the debounce.
 */
export async function findStaleConnections(deps: SyncDeps): Promise<SyncRequest[]> {
  const since = new Date(deps.now().getTime() - IN_FLIGHT_GRACE_MS);
  const [requested, running] = await Promise.all([
    deps.db.syncOutbox.findMany({
      where: { OR: [{ sentAt: null }, { createdAt: { gt: since } }] },
      select: { tenantId: true },
      distinct: ["tenantId"],
    }),
    deps.db.syncRun.findMany({
      where: { status: { in: ["queued", "running"] } },
      select: { tenantId: true },
      distinct: ["tenantId"],
    }),
  ]);
  // Delivery rows have no tenant (and NOT IN with a NULL matches nothing).
  const inFlight = [...requested, ...running].flatMap((row) => (row.tenantId === null ? [] : [row.tenantId]));
  const connections = await deps.db.githubAppInstallation.findMany({
    where: { ...SYNCABLE_CONNECTION, tenantId: { notIn: inFlight } },
    select: {
      tenantId: true,
      installationId: true,
      repository: true,
      defaultBranch: true,
      lastSyncHash: true,
      heldSyncHash: true,
    },
  });
  const stale: SyncRequest[] = [];
  for (const c of connections) {
    const request: SyncRequest = {
      tenantId: c.tenantId!.toString(),
      installationId: c.installationId.toString(),
      reason: "reconcile",
    };
    try {
      const octokit = await deps.installationClient(request.installationId);
      // A conditional read: an unchanged branch answers 304, which costs no rate limit.
      const { head } = await readBranchHead(deps.db, octokit, {
        tenantId: c.tenantId!,
        installationId: c.installationId,
        repository: c.repository!,
        branch: c.defaultBranch!,
      });
      // A head the mass-delete guard held back waits for an admin, not for another run every 10 minutes.
      if (head.sha !== c.lastSyncHash && head.sha !== c.heldSyncHash) stale.push(request);
    } catch (error) {
      // A repository that is gone is reported by the sync itself, which marks the connection.
      const classified = classifyGithubError(error, `checking ${c.repository}`);
      if (classified instanceof PermanentSyncError) stale.push(request);
      else
        loggerFor("reconcile").warn({ err: classified, repository: c.repository }, "could not check the branch head");
    }
  }
  return stale;
}
