import type { GithubClient } from "../github/octokit";
import { splitRepository } from "../github/links";
import type { SyncDeps } from "./deps";
import { selectTemplateFiles, type TreeFile } from "./files";
import { gitBlobSha } from "./git-blob";
import { classifyGithubError, withGithub } from "./github";
import type { SyncContext } from "./run-record";
import { planFetch } from "./plan-fetch";
import { stageListing } from "./staging";
import { readTarball } from "./tarball";

export type Head = { sha: string; treeSha: string; resolvedAt: string };

/** One request: the branch answers with its head commit and that commit's tree. */
export async function resolveHead(deps: SyncDeps, context: SyncContext): Promise<Head> {
  const resolvedAt = deps.now().toISOString();
  return withGithub(deps, context, async (octokit) => {
    try {
      const { data } = await octokit.rest.repos.getBranch({
        ...splitRepository(context.repository),
        branch: context.branch,
      });
      return { sha: data.commit.sha, treeSha: data.commit.commit.tree.sha, resolvedAt };
    } catch (error) {
      throw classifyGithubError(error, `reading branch ${context.branch} of ${context.repository}`);
    }
  });
}

/** Downloads the tarball of `sha` (one API request answered by a redirect) and keeps the wanted files. */
export async function downloadTarball(
  octokit: GithubClient,
  repository: string,
  sha: string,
  wanted: (path: string) => boolean,
) {
  try {
    const { data } = await octokit.rest.repos.downloadTarballArchive({ ...splitRepository(repository), ref: sha });
    return readTarball(new Uint8Array(data as ArrayBuffer), wanted);
  } catch (error) {
    throw classifyGithubError(error, `downloading the tarball of ${sha.slice(0, 7)}`);
  }
}

/** What read-tree returns: counts only (the listing itself is staged in sync_run_listing). */
export type TreeSummary = { files: number; toFetch: number; truncated: boolean };

/**
 * Lists the .json files of the head under the folder, decides which of them
 * must be downloaded (see planFetch) and stages that listing for the next steps.
 */
export async function readTree(deps: SyncDeps, context: SyncContext, head: Head): Promise<TreeSummary> {
  const { files, truncated } = await withGithub(deps, context, (octokit) => listFiles(octokit, context, head));
  const listed = await planFetch(deps, context, files);
  await stageListing(deps.db, BigInt(context.runId), listed);
  return { files: listed.length, toFetch: listed.filter((f) => f.fetch).length, truncated };
}
async function listFiles(octokit: GithubClient, context: SyncContext, head: Head) {
  let files: TreeFile[];
  let truncated = false;
  try {
    const { data } = await octokit.rest.git.getTree({
      ...splitRepository(context.repository),
      tree_sha: head.treeSha,
      recursive: "1",
    });
    truncated = data.truncated;
    files = selectTemplateFiles(data.tree, context.folder);
  } catch (error) {
    throw classifyGithubError(error, "reading the repository tree");
  }
  if (truncated) {
    // GitHub cut the listing (over 100,000 entries or 7 MB): list the files from the tarball instead.
    const prefix = context.folder ? `${context.folder}/` : "";
    const all = await downloadTarball(
      octokit,
      context.repository,
      head.sha,
      (path) => path.startsWith(prefix) && path.toLowerCase().endsWith(".json"),
    );
    files = [...all.entries()]
      .map(([path, bytes]) => [path, gitBlobSha(bytes), bytes.length] as TreeFile)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }
  return { files, truncated };
}
