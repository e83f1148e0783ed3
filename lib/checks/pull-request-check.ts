import { RequestError } from "@octokit/request-error";
import { findConnectionByInstallation, isSyncable } from "../github-sync/connection";
import { splitRepository } from "../github/links";
import { recordProposalCheck } from "../proposals/check-state";
import type { SyncDeps } from "../sync/deps";
import { deleteGuardMessage, tripsDeleteGuard } from "../sync/delete-guard";
import { classifyGithubError } from "../sync/github";
import { syncLimits } from "../sync/limits";
import {
  annotationsFor,
  createCheckRun,
  MAX_ANNOTATIONS,
  type Annotation,
  type CheckOutput,
  type Conclusion,
} from "./check-run";
import { missingCheckPermissions } from "./permissions";
import { readChangedFiles } from "./pull-request-files";
import { planPullRequest } from "./pull-request-plan";
import type { CheckRequest } from "./request";
import { planOutput, settingsUrlOf } from "./summary";

export type CheckTarget = CheckRequest & { folder: string };
export type Started = { kind: "stop"; reason: string } | { kind: "started"; target: CheckTarget; checkRunId: number };
export type Verdict = { conclusion: Conclusion; output: CheckOutput; annotations: Annotation[] };

export const checkExternalId = (request: CheckRequest) => `pull-${request.pullNumber}-${request.headSha}`;

/**
 * Re-checks the request against the connection (linked, syncable, same repository, base is the
 * synced branch, the installation may write checks), then creates the check run in progress.
 */
export async function startCheck(deps: SyncDeps, request: CheckRequest, appUrl: string): Promise<Started> {
  const connection = await findConnectionByInstallation(deps.db, BigInt(request.installationId));
  if (!isSyncable(connection)) return { kind: "stop", reason: connection.summary };
  const { record } = connection;
  if (record.tenantId.toString() !== request.tenantId)
    return { kind: "stop", reason: "linked to another organization" };
  if (record.repository.toLowerCase() !== request.repository.toLowerCase())
    return { kind: "stop", reason: `${request.repository} is not the linked repository` };
  if (request.baseRef !== record.defaultBranch)
    return { kind: "stop", reason: `the pull request targets ${request.baseRef}, not ${record.defaultBranch}` };
  const missing = missingCheckPermissions(record.permissions);
  if (missing.length) return { kind: "stop", reason: `the installation lacks ${missing.join(", ")}` };
  const octokit = await deps.installationClient(request.installationId);
  try {
    const checkRunId = await createCheckRun(octokit, record.repository, {
      headSha: request.headSha,
      status: "in_progress",
      detailsUrl: settingsUrlOf(appUrl),
      externalId: checkExternalId(request),
    });
    await recordProposalCheck(deps.db, { ...request, status: "in_progress", conclusion: null });
    return {
      kind: "started",
      target: { ...request, repository: record.repository, folder: record.folder ?? "" },
      checkRunId,
    };
  } catch (error) {
    if (error instanceof RequestError && error.status === 403 && /not accessible/i.test(error.message))
      return { kind: "stop", reason: "GitHub refused to create the check run: the installation lacks checks: write" };
    throw classifyGithubError(error, "creating the check run");
  }
}

/** Reads and validates what the pull request changes and plans the merge: the check's conclusion and output. */
export async function judgePullRequest(deps: SyncDeps, target: CheckTarget, appUrl: string): Promise<Verdict> {
  const limits = syncLimits(deps);
  const octokit = await deps.installationClient(target.installationId);
  const changed = await readChangedFiles(
    octokit,
    target.repository,
    target.pullNumber,
    target.headSha,
    target.folder,
    limits.maxFileBytes,
  );
  const plan = await planPullRequest(deps.db, BigInt(target.tenantId), target.folder, changed);
  const guard = { deleting: plan.counts.deleted, synced: plan.synced };
  const annotations = annotationsFor(plan.errors);
  const notes: string[] = [];
  let conclusion: Conclusion = "success";
  let title = plan.entries.length ? "The templates are valid" : "No template changes";
  if (plan.errors.length) {
    conclusion = "failure";
    title = `${plan.errors.length} invalid template file${plan.errors.length === 1 ? "" : "s"}`;
    if (plan.errors.length > MAX_ANNOTATIONS)
      notes.push(
        `The first ${MAX_ANNOTATIONS} invalid files are annotated; ${plan.errors.length - MAX_ANNOTATIONS} more are not.`,
      );
  } else if (tripsDeleteGuard(guard, limits)) {
    conclusion = "neutral";
    title = "Merging needs an admin's confirmation";
    notes.push(deleteGuardMessage(guard));
  }
  const output = planOutput({
    title,
    counts: plan.counts,
    entries: plan.entries,
    settingsUrl: settingsUrlOf(appUrl),
    notes,
  });
  return { conclusion, output, annotations };
}

/** The pull request's head now, to tell whether a newer push superseded this check. */
export async function currentHead(deps: SyncDeps, target: CheckTarget): Promise<string> {
  const octokit = await deps.installationClient(target.installationId);
  try {
    const { data } = await octokit.rest.pulls.get({
      ...splitRepository(target.repository),
      pull_number: target.pullNumber,
    });
    return data.head.sha;
  } catch (error) {
    throw classifyGithubError(error, `reading pull request #${target.pullNumber}`);
  }
}
