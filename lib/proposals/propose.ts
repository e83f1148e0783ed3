import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import { findConnection, isSyncable, type SyncableConnection } from "../github-sync/connection";
import { parseTemplateText, withoutBom } from "../templates/document";
import { branchNameFor } from "./branch-name";
import type { ProposalDeps } from "./deps";
import {
  createBranch,
  deleteBranch,
  lastCommitTouching,
  openPullRequest,
  readFileSha,
  writeFile,
} from "./github-files";
import { commitMessage, defaultTitle, pullRequestBody } from "./messages";
import { checkNewFilePath } from "./new-file-path";
import { missingProposalPermissions } from "./permissions";
import {
  addChange,
  findOpenProposal,
  findOpenProposalOfTemplate,
  insertProposal,
  lastChangeAt,
  type ChangeAction,
  type ChangeRecord,
} from "./records";

export type ProposalOptions = { title?: string; description?: string; proposal?: number };
export type ProposeInput = ProposalOptions & { templateId: string; text: string };
export type ProposeDeletionInput = ProposalOptions & { templateId: string };
export type ProposeNewFileInput = ProposalOptions & { path: string; text: string };

export type ProposalResult = { number: number; url: string; branch: string; state: "open"; added: boolean };

type SyncedTemplate = {
  id: bigint;
  name: string;
  syncSource: string;
  syncSha: string | null;
  sourceText: string | null;
};
type Change = {
  action: ChangeAction;
  path: string;
  name: string;
  template: SyncedTemplate | null;
  /** The new text, or null for a deletion. */
  text: string | null;
};

/**
 * Proposes a synced template's new text as a pull request to the synced branch, or adds it as a
 * commit to an open proposal (the one given, or the one already changing this template).
 * Throws AppErrors: not_found, not_synced, invalid_template, no_change, permission_missing,
 * conflict (with `commit`, the newer SHA). Nothing is written to GitHub before every check passed.
 */
export async function proposeTemplateChange(deps: ProposalDeps, actor: Actor, input: ProposeInput) {
  const template = await findSyncedTemplate(deps, actor, input.templateId);
  const text = validText(input.text);
  return propose(
    deps,
    actor,
    { action: "update", path: template.syncSource, name: template.name, template, text },
    input,
  );
}

/** Proposes removing a synced template's file. */
export async function proposeTemplateDeletion(deps: ProposalDeps, actor: Actor, input: ProposeDeletionInput) {
  const template = await findSyncedTemplate(deps, actor, input.templateId);
  return propose(
    deps,
    actor,
    { action: "delete", path: template.syncSource, name: template.name, template, text: null },
    input,
  );
}

/** Proposes a new template file at `path` (relative to the repository root, in the synced folder). */
export async function proposeNewTemplate(deps: ProposalDeps, actor: Actor, input: ProposeNewFileInput) {
  const text = validText(input.text);
  const parsed = parseTemplateText(text);
  const name = parsed.ok ? parsed.name : "template";
  const connection = await syncableConnection(deps, actor);
  const path = checkNewFilePath(input.path, connection.record.folder);
  const taken = await deps.db.template.findFirst({
    where: { tenantId: actor.tenantId, syncSource: path, deletedAt: null },
    select: { id: true },
  });
  if (taken) throw new AppError("validation", `A synced template already has the path ${path}.`, { field: "path" });
  return propose(deps, actor, { action: "create", path, name, template: null, text }, input, connection);
}

async function findSyncedTemplate(deps: ProposalDeps, actor: Actor, id: string): Promise<SyncedTemplate> {
  if (!/^\d{1,18}$/.test(id)) throw new AppError("not_found", "Template not found.");
  const row = await deps.db.template.findFirst({
    where: { id: BigInt(id), tenantId: actor.tenantId, deletedAt: null },
    select: { id: true, name: true, syncSource: true, syncSha: true, sourceText: true },
  });
  if (!row) throw new AppError("not_found", "Template not found.");
  if (!row.syncSource)
    throw new AppError("not_synced", "This template is not synced from GitHub: edit it in Allegro instead.");
  return { ...row, syncSource: row.syncSource };
}

/** The same validation as the sync; every problem with its line and column. */
function validText(text: string): string {
  const parsed = parseTemplateText(text);
  if (!parsed.ok) {
    const { message, line, column } = parsed.problem;
    throw new AppError("invalid_template", message, {
      problems: [{ line: line ?? null, column: column ?? null, message }],
    });
  }
  return withoutBom(text);
}

async function syncableConnection(deps: ProposalDeps, actor: Actor): Promise<SyncableConnection> {
  const connection = await findConnection(deps.db, actor.tenantId);
  if (!isSyncable(connection))
    throw new AppError(
      "not_synced",
      `GitHub Sync cannot take proposals now: ${connection.reason ?? connection.summary}`,
    );
  if (!connection.record.lastSyncHash)
    throw new AppError("not_synced", "Nothing has been synced from GitHub yet: propose changes after the first sync.");
  const missing = missingProposalPermissions(connection.record.permissions);
  if (missing.length)
    throw new AppError(
      "permission_missing",
      `The GitHub App installation needs write access to ${missing.join(" and ")} to propose changes.`,
      { permissions: missing },
    );
  return connection;
}

async function propose(
  deps: ProposalDeps,
  actor: Actor,
  change: Change,
  options: ProposalOptions,
  known?: SyncableConnection,
): Promise<ProposalResult> {
  const { record } = known ?? (await syncableConnection(deps, actor));
  const { db } = deps;
  const open =
    options.proposal !== undefined
      ? await findOpenProposal(db, actor.tenantId, record.repositoryId!, options.proposal)
      : change.template
        ? await findOpenProposalOfTemplate(db, actor.tenantId, record.repositoryId!, change.template.id)
        : null;
  const previous = open ? await lastChangeAt(db, open.id, change.path) : null;
  refuseNoChange(change, previous);

  const octokit = await deps.installationClient(record.installationId.toString());
  const repository = record.repository;
  const base = record.defaultBranch;
  // Never overwrite a change Allegro has not seen: the file on the synced branch must be the synced blob.
  const expected = change.template ? change.template.syncSha : null;
  const onBase = await readFileSha(octokit, repository, base, change.path);
  if (onBase !== expected) {
    const commit = await lastCommitTouching(octokit, repository, base, change.path);
    throw new AppError(
      "conflict",
      change.template
        ? `${change.path} changed on ${base} in ${commit?.slice(0, 7) ?? "a newer commit"} since Allegro synced it: wait for the sync, then propose again.`
        : `${change.path} already exists on ${base} (${commit?.slice(0, 7) ?? "a newer commit"}).`,
      { commit },
    );
  }

  const by = { name: actor.userName, email: actor.userEmail };
  const title = (options.title?.trim() || defaultTitle(change.action, change.name)).slice(0, 256);
  const message = commitMessage(title, options.description, by);
  const record_ = (written: { commitSha: string; blobSha: string | null }): ChangeRecord => ({
    tenantId: actor.tenantId,
    templateId: change.template?.id ?? null,
    path: change.path,
    action: change.action,
    text: change.text,
    blobSha: written.blobSha,
    commitSha: written.commitSha,
    userId: actor.userId,
  });

  if (open) {
    const onBranch = previous ? previous.blobSha : expected;
    const written = await writeFile(octokit, repository, {
      branch: open.branch,
      path: change.path,
      text: change.text,
      sha: onBranch,
      message,
    });
    await addChange(db, open, record_(written));
    return { number: open.number, url: open.url, branch: open.branch, state: "open", added: true };
  }

  const settings = await db.proposalSettings.findUnique({ where: { tenantId: actor.tenantId } });
  const branch = branchNameFor(settings?.branchPattern ?? null, {
    templateName: change.name,
    userEmail: actor.userEmail,
    id: deps.shortId(),
  });
  const startSha = record.lastSyncHash!;
  await createBranch(octokit, repository, branch, startSha);
  try {
    const written = await writeFile(octokit, repository, {
      branch,
      path: change.path,
      text: change.text,
      sha: expected,
      message,
    });
    const templateUrl = change.template ? `${deps.appUrl.replace(/\/+$/, "")}/templates/${change.template.id}` : null;
    const pr = await openPullRequest(octokit, repository, {
      head: branch,
      base,
      title,
      body: pullRequestBody({
        by,
        templateName: change.name,
        templateUrl,
        path: change.path,
        description: options.description,
      }),
    });
    await insertProposal(
      db,
      {
        tenantId: actor.tenantId,
        installationId: record.installationId,
        repositoryId: record.repositoryId!,
        repository,
        number: pr.number,
        url: pr.url,
        branch,
        baseBranch: base,
        startSha,
        headSha: written.commitSha,
        title,
        userId: actor.userId,
      },
      record_(written),
    );
    return { number: pr.number, url: pr.url, branch, state: "open", added: false };
  } catch (error) {
    // Nothing half-done stays on GitHub: the branch goes (closing its pull request if one was opened).
    await deleteBranch(octokit, repository, branch);
    throw error;
  }
}

function refuseNoChange(change: Change, previous: { text: string | null } | null) {
  const current = previous ? previous.text : change.action === "create" ? null : (change.template?.sourceText ?? null);
  const unchanged =
    change.action === "delete"
      ? previous !== null && previous.text === null
      : change.text !== null && change.text === current;
  if (unchanged)
    throw new AppError(
      "no_change",
      change.action === "delete"
        ? `The proposal already deletes ${change.path}.`
        : `The text is the same as ${previous ? "the proposal's" : "the synced"} version of ${change.path}: change something first.`,
    );
}
