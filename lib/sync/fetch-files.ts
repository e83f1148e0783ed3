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
import { analyzeIfLarge, clearFetched, listedForFetch, stageFetched, type FetchedFile } from "./staging";

/** Past this many changed files one tarball is cheaper than a request per blob. */
const TARBALL_THRESHOLD = 40;
const BLOB_CONCURRENCY = 8;

export type FetchMode = "auto" | "blobs" | "tarball";
/**
 * Fetched files staged per statement while a tarball streams, so memory holds one
 * batch, not all. Kept small, in files and in text, so that each statement's
 * strings (the batch as JSON, and the client's copies of it) stay under V8's
 * large-object size and die young: large objects and promoted batches are freed
 * only by a full collection, and at 2,000 files per statement the 10,000-file
 * initial sync grew the process by 64–80 MB (bench/run.ts, BENCH_TRACE=1 shows
 * the heap spaces after each step).
 */
const STAGE_FILES = 500;
const STAGE_CHARS = 32_000;

/** Collects fetched files and stages them in batches. */
class Fetched {
  private pending: FetchedFile[] = [];
  private pendingChars = 0;
  private seen = new Set<string>();
  constructor(
    private readonly db: SyncDeps["db"],
    private readonly runId: bigint,
  ) {}
  get size() {
    return this.seen.size;
  }
  has(path: string) {
    return this.seen.has(path);
  }
  async set(path: string, sha: string, file: ValidatedFile) {
    this.seen.add(path);
    this.pending.push({ path, sha, file });
    this.pendingChars += path.length + (file.ok ? file.text.length : 200);
    if (this.pending.length >= STAGE_FILES || this.pendingChars >= STAGE_CHARS) await this.flush();
  }
  async flush() {
    this.pendingChars = 0;
    await stageFetched(this.db, this.runId, this.pending.splice(0));
  }
}

/**
 * Downloads and validates the files read-tree marked for fetching and stages
 * the results in sync_run_files, so the step returns counts only. Re-running
 * replaces the run's staged rows, so a retried step is idempotent.
 */
export async function fetchFiles(deps: SyncDeps, context: SyncContext, head: Head, mode: FetchMode = "auto") {
  const runId = BigInt(context.runId);
  const needed = await listedForFetch(deps.db, runId);
  const limits = syncLimits(deps);
  await clearFetched(deps.db, runId);
  const results = new Fetched(deps.db, runId);
  const downloadable: TreeFile[] = [];
  for (const [path, sha, size] of needed) {
    if (size <= limits.maxFileBytes) downloadable.push([path, sha, size]);
    else await results.set(path, sha, tooLarge(size, limits.maxFileBytes));
  }
  const strategy = mode !== "auto" ? mode : downloadable.length > TARBALL_THRESHOLD ? "tarball" : "blobs";
  if (downloadable.length) {
    await withGithub(deps, context, (octokit) =>
      strategy === "tarball"
        ? fromTarball(octokit, context.repository, head, limits, downloadable, results)
        : fromBlobs(octokit, context.repository, limits, downloadable, results),
    );
  }
  await results.flush();
  await analyzeIfLarge(deps.db, "sync_run_files", results.size);
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
      await into.set(entry.path, wanted.get(entry.path)!, file);
    },
  );
  for (const [path, sha] of wanted) {
    if (!into.has(path))
      await into.set(path, sha, { ok: false, problem: { message: "The file is missing from GitHub's tarball." } });
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
        await into.set(path, sha, validateTemplateFile(Buffer.from(data.content, "base64"), limits.maxFileBytes));
      } catch (error) {
        throw classifyGithubError(error, `downloading ${path}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BLOB_CONCURRENCY, files.length) }, worker));
}
