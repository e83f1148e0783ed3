import { findConnectionByInstallation, isSyncable } from "../github-sync/connection";
import { splitRepository } from "../github/links";
import type { SyncDeps } from "../sync/deps";
import { classifyGithubError } from "../sync/github";
import { updateCheckRun, type CheckOutput, type Conclusion } from "./check-run";
import { checkExternalId } from "./pull-request-check";
import { CHECK_NAME, type CheckRequest } from "./request";

export type AbandonedCheck = { conclusion: Extract<Conclusion, "cancelled" | "neutral">; output: CheckOutput };

/**
 * Completes the check runs a check job left in progress on its head commit: the job was cancelled
 * (a newer push superseded it) or failed, so nothing else will. Only our own runs for this pull
 * request and head (by external id) are touched; a connection that can no longer sync is left alone.
 */
export async function closeAbandonedCheck(
  deps: SyncDeps,
  request: CheckRequest,
  outcome: AbandonedCheck,
): Promise<{ closed: number }> {
  const connection = await findConnectionByInstallation(deps.db, BigInt(request.installationId));
  if (!isSyncable(connection) || connection.record.tenantId.toString() !== request.tenantId) return { closed: 0 };
  const repository = connection.record.repository;
  const octokit = await deps.installationClient(request.installationId);
  try {
    const { data } = await octokit.rest.checks.listForRef({
      ...splitRepository(repository),
      ref: request.headSha,
      check_name: CHECK_NAME,
      status: "in_progress",
      filter: "all",
      per_page: 100,
    });
    const open = data.check_runs.filter((run) => run.external_id === checkExternalId(request));
    for (const run of open) await updateCheckRun(octokit, repository, Number(run.id), outcome);
    return { closed: open.length };
  } catch (error) {
    throw classifyGithubError(error, "closing the abandoned check run");
  }
}
