import { RequestError } from "@octokit/request-error";
import type { Db } from "../db/client";
import type { GithubClient } from "../github/octokit";
import { splitRepository } from "../github/links";

/** What a sync needs of a branch head: the commit, its tree, and how the history names it. */
export type BranchHead = { sha: string; treeSha: string; commitMessage: string; commitAuthor: string | null };

type Branch = { tenantId: bigint; installationId: bigint; repository: string; branch: string };

/**
 * One conditional read of the branch (GitHub's REST docs, "Use conditional requests"): the
 * ETag of the last answer for this same repository and branch goes out as If-None-Match,
 * and a 304, which GitHub does not count against the installation's rate limit, means the
 * head is the one stored with it. Any other answer is read in full and stored with its ETag.
 * GitHub's ETags are specific to the token, so the saving holds while the process reuses its
 * installation token (up to an hour); a new token costs one full read, never a wrong head.
 */
export async function readBranchHead(
  db: Db,
  octokit: GithubClient,
  target: Branch,
): Promise<{ head: BranchHead; notModified: boolean }> {
  const stored = await db.branchHeadEtag.findFirst({
    where: {
      installationId: target.installationId,
      tenantId: target.tenantId,
      repository: target.repository,
      branch: target.branch,
    },
  });
  try {
    const { data, headers } = await octokit.rest.repos.getBranch({
      ...splitRepository(target.repository),
      branch: target.branch,
      headers: stored ? { "if-none-match": stored.etag } : {},
    });
    const { commit, author } = data.commit;
    const head: BranchHead = {
      sha: data.commit.sha,
      treeSha: commit.tree.sha,
      // The history shows what was synced as people know it: the commit's subject line and its author.
      commitMessage: commit.message.split("\n", 1)[0]!.slice(0, 500),
      commitAuthor: (author?.login ?? commit.author?.name ?? "").slice(0, 200) || null,
    };
    if (headers.etag) await storeHead(db, target, headers.etag, head);
    return { head, notModified: false };
  } catch (error) {
    if (stored && error instanceof RequestError && error.status === 304) {
      const { sha, treeSha, commitMessage, commitAuthor } = stored;
      return { head: { sha, treeSha, commitMessage, commitAuthor }, notModified: true };
    }
    throw error;
  }
}

/** The answer and its ETag replace whatever was stored for the installation (one synced branch each). */
async function storeHead(db: Db, target: Branch, etag: string, head: BranchHead) {
  const data = { tenantId: target.tenantId, repository: target.repository, branch: target.branch, etag, ...head };
  await db.branchHeadEtag.upsert({
    where: { installationId: target.installationId },
    create: { installationId: target.installationId, ...data },
    update: data,
  });
}
