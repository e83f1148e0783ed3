import { RequestError } from "@octokit/request-error";
import { z } from "../zod";
import { assertAdmin, type Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { splitRepository } from "../github/links";
import { outboxQueue } from "../sync/outbox";
import { connectionStateOf, findConnection, requireInstalled, type InstallationRecord } from "./connection";
import { installationClient } from "./github-access";

const PICKER_PAGE_SIZE = 20;
const SEARCH_LIMIT = 1000;

export type RepositoryOption = { fullName: string; defaultBranch: string; private: boolean; htmlUrl: string };

async function requireInstallation(actor: Actor) {
  assertAdmin(actor);
  return requireInstalled(await findConnection(getDb(), actor.tenantId)).record;
}

function toOption(repo: {
  full_name: string;
  default_branch?: string;
  private: boolean;
  html_url: string;
}): RepositoryOption {
  return {
    fullName: repo.full_name,
    defaultBranch: repo.default_branch ?? "main",
    private: repo.private,
    htmlUrl: repo.html_url,
  };
}

/** The installation's repositories, from GitHub: one page of GitHub's listing, or a search over it. */
export async function listRepositoryOptions(
  actor: Actor,
  { query = "", page = 1, loaded }: { query?: string; page?: number; loaded?: InstallationRecord | null },
) {
  assertAdmin(actor);
  // The settings page passes the connection row it read once; other callers read it here.
  const record =
    loaded !== undefined
      ? requireInstalled({ ...connectionStateOf(loaded), record: loaded }).record
      : await requireInstallation(actor);
  const octokit = await installationClient(record.installationId);
  const q = query.trim().toLowerCase();
  if (!q) {
    const { data } = await octokit.request("GET /installation/repositories", { per_page: PICKER_PAGE_SIZE, page });
    return {
      items: data.repositories.map(toOption),
      page,
      pages: Math.max(1, Math.ceil(data.total_count / PICKER_PAGE_SIZE)),
      total: data.total_count,
    };
  }
  const matches: RepositoryOption[] = [];
  for await (const response of octokit.paginate.iterator("GET /installation/repositories", { per_page: 100 })) {
    for (const repo of response.data) if (repo.full_name.toLowerCase().includes(q)) matches.push(toOption(repo));
    if (matches.length >= SEARCH_LIMIT) break;
  }
  const pages = Math.max(1, Math.ceil(matches.length / PICKER_PAGE_SIZE));
  return {
    items: matches.slice((page - 1) * PICKER_PAGE_SIZE, page * PICKER_PAGE_SIZE),
    page,
    pages,
    total: matches.length,
  };
}

export const chooseRepositorySchema = z.object({
  repository: z
    .string()
    .trim()
    .regex(/^[\w.-]+\/[\w.-]+$/, "Choose a repository."),
  branch: z
    .string()
    .trim()
    .max(255)
    .optional()
    .transform((b) => b || undefined),
  folder: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((f) => (f ?? "").replace(/^\/+|\/+$/g, ""))
    .refine(
      (f) => !f.split("/").some((part) => part === ".." || part === "."),
      "The folder must be a path inside the repository.",
    ),
});

/**
 * Links the chosen repository, branch (default: the repository's default branch,
 * validated to exist) and folder, then queues the initial sync.
 */
export async function chooseRepository(actor: Actor, input: z.input<typeof chooseRepositorySchema>): Promise<void> {
  const parsed = chooseRepositorySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("validation", issue.message, { field: String(issue.path[0] ?? "repository") });
  }
  const { repository, branch, folder } = parsed.data;
  const record = await requireInstallation(actor);
  const octokit = await installationClient(record.installationId);
  const { owner, repo } = splitRepository(repository);

  const found = await octokit.rest.repos.get({ owner, repo }).catch((error: unknown) => {
    if (error instanceof RequestError && error.status === 404)
      throw new AppError("validation", `The installation cannot access ${repository}.`, { field: "repository" });
    throw error;
  });
  const targetBranch = branch ?? found.data.default_branch;
  await octokit.rest.repos.getBranch({ owner, repo, branch: targetBranch }).catch((error: unknown) => {
    if (error instanceof RequestError && error.status === 404)
      throw new AppError("validation", `Branch “${targetBranch}” does not exist in ${found.data.full_name}.`, {
        field: "branch",
      });
    throw error;
  });

  const repositoryChanged =
    record.repositoryId !== BigInt(found.data.id) ||
    record.defaultBranch !== targetBranch ||
    (record.folder ?? "") !== folder;
  // The choice and its initial sync request commit together (the outbox relays it after the response).
  await getDb().$transaction(async (tx) => {
    await tx.githubAppInstallation.update({
      where: { id: record.id },
      data: {
        repository: found.data.full_name,
        repositoryId: BigInt(found.data.id),
        repositoryUrl: found.data.html_url,
        defaultBranch: targetBranch,
        folder,
        brokenReason: null,
        // A different source means the next sync must read everything again (a held-back head too).
        ...(repositoryChanged ? { lastSyncHash: null, heldSyncHash: null, deleteConfirmedHash: null } : {}),
      },
    });
    // The stored branch head and its ETag described another repository or branch: never ask with them again.
    if (record.repositoryId !== BigInt(found.data.id) || record.defaultBranch !== targetBranch)
      await tx.branchHeadEtag.deleteMany({
        where: { installationId: record.installationId, tenantId: actor.tenantId },
      });
    await outboxQueue(tx).queueSync({
      tenantId: actor.tenantId.toString(),
      installationId: record.installationId.toString(),
      reason: "connect",
    });
  });
}
