import type { GithubClient } from "../github/octokit";
import { splitRepository } from "../github/links";
import type { SyncDeps } from "./deps";
import { selectTemplateFiles, type TreeFile } from "./files";
import { gitBlobSha } from "./git-blob";
import { classifyGithubError, withGithub } from "./github";
import type { SyncContext } from "./run-record";
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

export type TreePlan = { files: TreeFile[]; fetch: TreeFile[]; truncated: boolean };

/**
 * The .json files of the head under the folder, and which of them must be
 * downloaded: those whose blob SHA no template has synced at that path, and
 * that are not a move of a template whose path disappeared.
 */
export async function readTree(deps: SyncDeps, context: SyncContext, head: Head): Promise<TreePlan> {
  const listing = await withGithub(deps, context, (octokit) => listFiles(octokit, context, head));
  return planFetch(deps, context, listing);
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

async function planFetch(
  deps: SyncDeps,
  context: SyncContext,
  { files, truncated }: { files: TreeFile[]; truncated: boolean },
): Promise<TreePlan> {
  const templates = await deps.db.template.findMany({
    where: { tenantId: BigInt(context.tenantId), syncSource: { not: null } },
    select: { syncSource: true, syncSha: true, deletedAt: true },
  });
  const synced = new Map(templates.map((t) => [t.syncSource!, t.syncSha]));
  const present = new Set(files.map(([path]) => path));
  const movable = new Set(templates.filter((t) => !t.deletedAt && !present.has(t.syncSource!)).map((t) => t.syncSha));
  const fetch = files.filter(([path, sha]) => synced.get(path) !== sha && !(!synced.has(path) && movable.has(sha)));
  return { files, fetch, truncated };
}
