import { splitRepository } from "../github/links";
import { SYNCABLE_CONNECTION } from "../github-sync/connection";
import type { SyncDeps } from "./deps";
import { classifyGithubError, PermanentSyncError } from "./github";
import type { SyncRequest } from "./request";

/**
 * GitHub never redelivers a failed webhook: compare each syncable connection's
 * branch head with what was last synced, and say which need a sync.
 */
export async function findStaleConnections(deps: SyncDeps): Promise<SyncRequest[]> {
  const connections = await deps.db.githubAppInstallation.findMany({
    where: SYNCABLE_CONNECTION,
    select: { tenantId: true, installationId: true, repository: true, defaultBranch: true, lastSyncHash: true },
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
      const { data } = await octokit.rest.repos.getBranch({
        ...splitRepository(c.repository!),
        branch: c.defaultBranch!,
      });
      if (data.commit.sha !== c.lastSyncHash) stale.push(request);
    } catch (error) {
      // A repository that is gone is reported by the sync itself, which marks the connection.
      const classified = classifyGithubError(error, `checking ${c.repository}`);
      if (classified instanceof PermanentSyncError) stale.push(request);
      else console.warn(`[reconcile] ${classified.message}`);
    }
  }
  return stale;
}
