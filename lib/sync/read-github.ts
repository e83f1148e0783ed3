import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { GithubClient } from "../github/octokit";
import { splitRepository } from "../github/links";
import { readBranchHead } from "./branch-head";
import type { SyncDeps } from "./deps";
import { selectTemplateFiles, type TreeFile } from "./files";
import { downloadTarball } from "./download-tarball";
import { classifyGithubError, PermanentSyncError, withGithub } from "./github";
import { syncLimits, type SyncLimits } from "./limits";
import type { SyncContext } from "./run-record";
import { findRenames } from "./find-renames";
import { loadSyncedTemplates, planFetch } from "./plan-fetch";
import { stageListing } from "./staging";
import { scanTreeJson } from "./tree-json";

export type Head = { sha: string; treeSha: string; resolvedAt: string };

/**
 * One request: the branch answers with its head commit and that commit's tree. It is a
 * conditional read (readBranchHead): when the head is unchanged since the last read, GitHub
 * answers 304 and the run costs no rate limit.
 */
export async function resolveHead(deps: SyncDeps, context: SyncContext): Promise<Head> {
  const resolvedAt = deps.now().toISOString();
  const { head } = await withGithub(deps, context, (octokit) =>
    readBranchHead(deps.db, octokit, {
      tenantId: BigInt(context.tenantId),
      installationId: BigInt(context.installationId),
      repository: context.repository,
      branch: context.branch,
    }).catch((error: unknown) => {
      throw classifyGithubError(error, `reading branch ${context.branch} of ${context.repository}`);
    }),
  );
  await deps.db.syncRun.update({
    where: { id: BigInt(context.runId) },
    data: { commitMessage: head.commitMessage, commitAuthor: head.commitAuthor },
  });
  return { sha: head.sha, treeSha: head.treeSha, resolvedAt };
}

/** What read-tree returns: counts only (the listing itself is staged in sync_run_listing). */
export type TreeSummary = { files: number; toFetch: number; truncated: boolean; renames: number };

/**
 * Lists the .json files of the head under the folder, asks GitHub for renames
 * when something both vanished and appeared (findRenames), decides which files
 * must be downloaded (planFetch) and stages that listing for the next steps.
 */
export async function readTree(deps: SyncDeps, context: SyncContext, head: Head): Promise<TreeSummary> {
  const limits = syncLimits(deps);
  const templates = await loadSyncedTemplates(deps, context.tenantId);
  const { files, truncated, renames } = await withGithub(deps, context, async (octokit) => {
    const listing = await listFiles(octokit, context, head, limits);
    if (listing.files.length > limits.maxTemplates) throw tooManyTemplates(context, limits.maxTemplates);
    const range = { base: context.lastSyncHash, head: head.sha };
    return { ...listing, renames: await findRenames(octokit, context.repository, range, listing.files, templates) };
  });
  const listed = await planFetch(deps, context.tenantId, files, templates, renames);
  await stageListing(deps.db, BigInt(context.runId), listed);
  return { files: listed.length, toFetch: listed.filter((f) => f.fetch).length, truncated, renames: renames.size };
}

async function listFiles(octokit: GithubClient, context: SyncContext, head: Head, limits: SyncLimits) {
  try {
    const { files, truncated } = await streamTree(octokit, context, head.treeSha);
    if (!truncated) return { files, truncated: false };
  } catch (error) {
    throw classifyGithubError(error, "reading the repository tree");
  }
  // GitHub cut the listing (over 100,000 entries or 7 MB): list the files from the tarball instead,
  // hashing each as it streams by, and stop as soon as there are more than the organization may have.
  const prefix = context.folder ? `${context.folder}/` : "";
  const files: TreeFile[] = [];
  await downloadTarball(
    octokit,
    context.repository,
    head.sha,
    limits,
    (path) => path.startsWith(prefix) && path.toLowerCase().endsWith(".json"),
    async ({ path, size, content }) => {
      if (files.length >= limits.maxTemplates) throw tooManyTemplates(context, limits.maxTemplates);
      const hash = createHash("sha1").update(`blob ${size}\0`);
      for await (const chunk of content) hash.update(chunk);
      files.push([path, hash.digest("hex"), size]);
    },
  );
  return { files: files.sort((a, b) => (a[0] < b[0] ? -1 : 1)), truncated: true };
}

/**
 * The recursive tree, read as a stream: only the .json blobs under the folder
 * are kept, as tuples, so a 100,000-entry answer that turns out truncated costs
 * no more memory than its listing.
 */
async function streamTree(octokit: GithubClient, context: SyncContext, treeSha: string) {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
    ...splitRepository(context.repository),
    tree_sha: treeSha,
    recursive: "1",
    request: { parseSuccessResponseBody: false },
  });
  // Decoded as a stream: a character split between two chunks is joined, not mangled.
  const text = Readable.fromWeb(data as unknown as WebReadableStream).setEncoding("utf8");
  const entries: Parameters<typeof selectTemplateFiles>[0] = [];
  const files: TreeFile[] = [];
  const top = await scanTreeJson(text, (entry) => {
    entries.push(entry);
    if (entries.length === 1000) files.push(...selectTemplateFiles(entries.splice(0), context.folder));
  });
  files.push(...selectTemplateFiles(entries, context.folder));
  return { files: files.sort((a, b) => (a[0] < b[0] ? -1 : 1)), truncated: top.truncated === true };
}

function tooManyTemplates(context: SyncContext, max: number) {
  const where = context.folder ? `under ${context.folder}/` : "in the repository";
  return new PermanentSyncError(
    `There are more than ${max.toLocaleString("en")} template files (.json) ${where}, the limit per organization, so nothing was synced.`,
    false,
  );
}
