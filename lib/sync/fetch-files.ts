import type { GithubClient } from "../github/octokit";
import { splitRepository } from "../github/links";
import type { SyncDeps } from "./deps";
import { tooLarge, validateTemplateFile, type TreeFile, type ValidatedFile } from "./files";
import { classifyGithubError, withGithub } from "./github";
import { downloadTarball } from "./download-tarball";
import { syncLimits, type SyncLimits } from "./limits";
import type { Head } from "./read-github";
import type { SyncContext } from "./run-record";
import { readContent } from "./tarball";
import { clearFetched, listedForFetch, stageFetched } from "./staging";

/** Past this many changed files one tarball is cheaper than a request per blob. */
const TARBALL_THRESHOLD = 40;
const BLOB_CONCURRENCY = 8;

export type FetchMode = "auto" | "blobs" | "tarball";
type Fetched = Map<string, { sha: string; file: ValidatedFile }>;

/**
 * Downloads and validates the files read-tree marked for fetching and stages
 * the results in sync_run_files, so the step returns counts only. Re-running
 * replaces the run's staged rows, so a retried step is idempotent.
 */
export async function fetchFiles(deps: SyncDeps, context: SyncContext, head: Head, mode: FetchMode = "auto") {
  const runId = BigInt(context.runId);
  const needed = await listedForFetch(deps.db, runId);
  const limits = syncLimits(deps);
  const results: Fetched = new Map();
  const downloadable = needed.filter(([path, sha, size]) => {
    if (size <= limits.maxFileBytes) return true;
    results.set(path, { sha, file: tooLarge(size, limits.maxFileBytes) });
    return false;
  });
  const strategy = mode !== "auto" ? mode : downloadable.length > TARBALL_THRESHOLD ? "tarball" : "blobs";
  if (downloadable.length) {
    await withGithub(deps, context, (octokit) =>
      strategy === "tarball"
        ? fromTarball(octokit, context.repository, head, limits, downloadable, results)
        : fromBlobs(octokit, context.repository, limits, downloadable, results),
    );
  }
  await clearFetched(deps.db, runId);
  await stageFetched(
    deps.db,
    runId,
    [...results].map(([path, { sha, file }]) => ({ path, sha, file })),
  );
  return { strategy, fetched: results.size };
}

async function fromTarball(
  octokit: GithubClient,
  repository: string,
  head: Head,
  limits: SyncLimits,
  files: TreeFile[],
  into: Fetched,
) {
  const wanted = new Map(files.map(([path, sha]) => [path, sha]));
  await downloadTarball(
    octokit,
    repository,
    head.sha,
    limits,
    (path) => wanted.has(path),
    async (entry) => {
      const file =
        entry.size > limits.maxFileBytes
          ? tooLarge(entry.size, limits.maxFileBytes)
          : validateTemplateFile(await readContent(entry), limits.maxFileBytes);
      into.set(entry.path, { sha: wanted.get(entry.path)!, file });
    },
  );
  for (const [path, sha] of wanted) {
    if (!into.has(path))
      into.set(path, { sha, file: { ok: false, problem: { message: "The file is missing from GitHub's tarball." } } });
  }
}

async function fromBlobs(
  octokit: GithubClient,
  repository: string,
  limits: SyncLimits,
  files: TreeFile[],
  into: Fetched,
) {
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const [path, sha] = files[next++]!;
      try {
        const { data } = await octokit.rest.git.getBlob({ ...splitRepository(repository), file_sha: sha });
        into.set(path, { sha, file: validateTemplateFile(Buffer.from(data.content, "base64"), limits.maxFileBytes) });
      } catch (error) {
        throw classifyGithubError(error, `downloading ${path}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BLOB_CONCURRENCY, files.length) }, worker));
}
