import { getDb } from "../db/client";
import { classifyGithubError, jobClient, PermanentSyncError } from "./github";
import type { SyncRequest } from "@/inngest/events";

/**
 * GitHub never redelivers a failed webhook: compare each active connection's
 * branch head with what was last synced, and say which need a sync.
 */
export async function findStaleConnections(): Promise<SyncRequest[]> {
  const connections = await getDb().githubAppInstallation.findMany({
    where: {
      deletedAt: null,
      tenantId: { not: null },
      repository: { not: null },
      defaultBranch: { not: null },
      suspendedAt: null,
      brokenReason: null,
    },
    select: { tenantId: true, installationId: true, repository: true, defaultBranch: true, lastSyncHash: true },
  });
  const stale: SyncRequest[] = [];
  for (const c of connections) {
    const [owner, repo] = c.repository!.split("/") as [string, string];
    try {
      const { octokit } = await jobClient(c.installationId.toString());
      const { data } = await octokit.rest.repos.getBranch({ owner, repo, branch: c.defaultBranch! });
      if (data.commit.sha !== c.lastSyncHash)
        stale.push({
          tenantId: c.tenantId!.toString(),
          installationId: c.installationId.toString(),
          reason: "reconcile",
        });
    } catch (error) {
      // A repository that is gone is reported by the sync itself, which marks the connection.
      const classified = classifyGithubError(error, `checking ${c.repository}`);
      if (classified instanceof PermanentSyncError)
        stale.push({
          tenantId: c.tenantId!.toString(),
          installationId: c.installationId.toString(),
          reason: "reconcile",
        });
      else console.warn(`[reconcile] ${classified.message}`);
    }
  }
  return stale;
}
