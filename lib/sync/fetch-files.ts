import { getDb } from "../db/client";
import { Prisma } from "../db/generated/client.ts";
import { MAX_TEMPLATE_BYTES, tooLarge, validateTemplateFile, type TreeFile, type ValidatedFile } from "./files";
import { classifyGithubError, jobClient } from "./github";
import { downloadTarball, type Head } from "./read-github";
import { addRequests, type SyncContext } from "./run-record";

/** Past this many changed files one tarball is cheaper than a request per blob. */
export const TARBALL_THRESHOLD = 40;
const BLOB_CONCURRENCY = 8;

/**
 * Downloads and validates the files the plan needs and stages the results in
 * sync_run_files, so the step returns counts only. Re-running replaces the
 * run's staged rows, so a retried step is idempotent.
 */
export type FetchMode = "auto" | "blobs" | "tarball";

export async function fetchFiles(context: SyncContext, head: Head, needed: TreeFile[], mode: FetchMode = "auto") {
  const client = await jobClient(context.installationId);
  try {
    return await fetchAndStage(context, head, needed, mode, client);
  } finally {
    await addRequests(context.runId, client.requests());
  }
}

async function fetchAndStage(
  context: SyncContext,
  head: Head,
  needed: TreeFile[],
  mode: FetchMode,
  client: Awaited<ReturnType<typeof jobClient>>,
) {
  const results = new Map<string, { sha: string; file: ValidatedFile }>();
  const downloadable = needed.filter(([path, sha, size]) => {
    if (size <= MAX_TEMPLATE_BYTES) return true;
    results.set(path, { sha, file: tooLarge(size) });
    return false;
  });
  const strategy = mode !== "auto" ? mode : downloadable.length > TARBALL_THRESHOLD ? "tarball" : "blobs";
  const [owner, repo] = context.repository.split("/") as [string, string];

  if (strategy === "tarball" && downloadable.length) {
    const wanted = new Map(downloadable.map(([path, sha]) => [path, sha]));
    const files = await downloadTarball(context, head.sha, client, (path) => wanted.has(path));
    for (const [path, sha] of wanted) {
      const bytes = files.get(path);
      results.set(path, {
        sha,
        file: bytes
          ? validateTemplateFile(bytes)
          : { ok: false, problem: { message: "The file is missing from GitHub's tarball." } },
      });
    }
  } else {
    let next = 0;
    const worker = async () => {
      while (next < downloadable.length) {
        const [path, sha] = downloadable[next++]!;
        try {
          const { data } = await client.octokit.rest.git.getBlob({ owner, repo, file_sha: sha });
          results.set(path, { sha, file: validateTemplateFile(Buffer.from(data.content, "base64")) });
        } catch (error) {
          throw classifyGithubError(error, `downloading ${path}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BLOB_CONCURRENCY, downloadable.length) }, worker));
  }

  const runId = BigInt(context.runId);
  const rows = [...results].map(([path, { sha, file }]) => ({
    runId,
    path,
    sha,
    name: file.ok ? file.name : null,
    description: file.ok ? file.description : null,
    content: file.ok ? file.content : Prisma.DbNull,
    problem: file.ok ? Prisma.DbNull : file.problem,
  }));
  await getDb().$transaction(async (tx) => {
    await tx.syncRunFile.deleteMany({ where: { runId } });
    for (let i = 0; i < rows.length; i += 1000) await tx.syncRunFile.createMany({ data: rows.slice(i, i + 1000) });
  });
  return { strategy, fetched: results.size };
}
