import { getDb } from "../db/client";
import { selectTemplateFiles, type TreeFile } from "./files";
import { gitBlobSha } from "./git-blob";
import { classifyGithubError, jobClient } from "./github";
import { addRequests } from "./run-record";
import type { SyncContext } from "./run-record";
import { readTarball } from "./tarball";

export type Head = { sha: string; treeSha: string; resolvedAt: string };

const split = (repository: string) => {
  const [owner, repo] = repository.split("/") as [string, string];
  return { owner, repo };
};

/** One request: the branch answers with its head commit and that commit's tree. */
export async function resolveHead(context: SyncContext): Promise<Head> {
  const client = await jobClient(context.installationId);
  const resolvedAt = new Date().toISOString();
  try {
    const { data } = await client.octokit.rest.repos.getBranch({
      ...split(context.repository),
      branch: context.branch,
    });
    return { sha: data.commit.sha, treeSha: data.commit.commit.tree.sha, resolvedAt };
  } catch (error) {
    throw classifyGithubError(error, `reading branch ${context.branch} of ${context.repository}`);
  } finally {
    await addRequests(context.runId, client.requests());
  }
}

/** Downloads the tarball of `sha` (one API request answered by a redirect) and keeps the wanted files. */
export async function downloadTarball(
  context: SyncContext,
  sha: string,
  client: Awaited<ReturnType<typeof jobClient>>,
  wanted: (path: string) => boolean,
) {
  try {
    const { data } = await client.octokit.rest.repos.downloadTarballArchive({ ...split(context.repository), ref: sha });
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
export async function readTree(context: SyncContext, head: Head): Promise<TreePlan> {
  const client = await jobClient(context.installationId);
  try {
    return await planFetch(context, await listFiles(context, head, client));
  } finally {
    await addRequests(context.runId, client.requests());
  }
}

async function listFiles(context: SyncContext, head: Head, client: Awaited<ReturnType<typeof jobClient>>) {
  let files: TreeFile[];
  let truncated = false;
  try {
    const { data } = await client.octokit.rest.git.getTree({
      ...split(context.repository),
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
      context,
      head.sha,
      client,
      (path) => path.startsWith(prefix) && path.toLowerCase().endsWith(".json"),
    );
    files = [...all.entries()]
      .map(([path, bytes]) => [path, gitBlobSha(bytes), bytes.length] as TreeFile)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }
  return { files, truncated };
}

async function planFetch(
  context: SyncContext,
  { files, truncated }: { files: TreeFile[]; truncated: boolean },
): Promise<TreePlan> {
  const templates = await getDb().template.findMany({
    where: { tenantId: BigInt(context.tenantId), syncSource: { not: null } },
    select: { syncSource: true, syncSha: true, deletedAt: true },
  });
  const synced = new Map(templates.map((t) => [t.syncSource!, t.syncSha]));
  const present = new Set(files.map(([path]) => path));
  const movable = new Set(templates.filter((t) => !t.deletedAt && !present.has(t.syncSource!)).map((t) => t.syncSha));
  const fetch = files.filter(([path, sha]) => synced.get(path) !== sha && !(!synced.has(path) && movable.has(sha)));
  return { files, fetch, truncated };
}
