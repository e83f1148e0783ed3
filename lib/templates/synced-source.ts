import type { Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { liveConnectionOf } from "../github-sync/connection";
import { commitUrl, fileUrl } from "../github/links";

/** Where a synced template comes from: its file at the last synced commit of the organization's repository. */
export type SyncedSource = {
  path: string;
  repository: string | null;
  repositoryUrl: string | null;
  /** The file on GitHub at the last synced commit (null until a sync has run). */
  fileUrl: string | null;
  commit: { sha: string; url: string | null; syncedAt: string | null } | null;
};

export async function findSyncedSource(actor: Actor, path: string): Promise<SyncedSource> {
  const connection = await getDb().githubAppInstallation.findFirst({
    where: liveConnectionOf(actor.tenantId),
    select: { repository: true, repositoryUrl: true, lastSyncHash: true, lastSyncAt: true },
  });
  const sha = connection?.lastSyncHash ?? null;
  const repositoryUrl = connection?.repositoryUrl ?? null;
  return {
    path,
    repository: connection?.repository ?? null,
    repositoryUrl,
    fileUrl: fileUrl(repositoryUrl, sha, path),
    commit: sha
      ? { sha, url: commitUrl(repositoryUrl, sha), syncedAt: connection?.lastSyncAt?.toISOString() ?? null }
      : null,
  };
}
