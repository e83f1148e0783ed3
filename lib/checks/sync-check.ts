import type { SyncDeps } from "../sync/deps";
import { parseSyncErrors, type SyncCounts } from "../sync/results";
import type { SyncContext } from "../sync/run-record";
import { annotationsFor, createCheckRun, inBatches, updateCheckRun, type Conclusion } from "./check-run";
import { missingCheckPermissions } from "./permissions";
import { escapeMarkdown } from "./markdown";
import { countsTable, settingsUrlOf } from "./summary";
import { loggerFor } from "../observability/logger";

export type SyncOutcome = { status: string; counts: SyncCounts; message?: string };
export type Reported = { reported: true; checkRunId: number } | { reported: false; reason: string };

const CONCLUSIONS: Record<string, Conclusion> = { succeeded: "success", succeeded_with_errors: "failure" };

/**
 * After a sync of a commit: a completed "Allegro templates" check run on that commit with the
 * outcome (counts; each invalid file an annotation, 50 per request), so whoever pushed sees a
 * broken file on GitHub. Any other ending (the mass-delete guard holding the plan back, say) is
 * `neutral` with its message. Never throws: a failure to report must not fail the sync.
 */
export async function reportSyncCheck(
  deps: SyncDeps,
  context: SyncContext,
  commit: string,
  outcome: SyncOutcome,
  appUrl: string,
): Promise<Reported> {
  try {
    const record = await deps.db.githubAppInstallation.findFirst({
      where: { installationId: BigInt(context.installationId), tenantId: BigInt(context.tenantId), deletedAt: null },
      select: { permissions: true },
    });
    const missing = missingCheckPermissions(record?.permissions);
    if (missing.length) return { reported: false, reason: `the installation lacks ${missing.join(", ")}` };
    const run = await deps.db.syncRun.findFirst({
      where: { id: BigInt(context.runId), tenantId: BigInt(context.tenantId) },
      select: { errors: true },
    });
    const errors = parseSyncErrors(run?.errors);
    const conclusion = CONCLUSIONS[outcome.status] ?? "neutral";
    const title =
      conclusion === "success"
        ? "Synced to Allegro"
        : conclusion === "failure"
          ? `Synced; ${errors.length} invalid template file${errors.length === 1 ? "" : "s"} skipped`
          : "Not applied";
    const summary = [
      escapeMarkdown(outcome.message ?? ""),
      countsTable(outcome.counts),
      `[GitHub Sync settings](${settingsUrlOf(appUrl)})`,
    ]
      .filter(Boolean)
      .join("\n\n");
    const batches = inBatches(annotationsFor(errors));
    const octokit = await deps.installationClient(context.installationId);
    const output = { title, summary };
    const checkRunId = await createCheckRun(octokit, context.repository, {
      headSha: commit,
      detailsUrl: settingsUrlOf(appUrl),
      externalId: `sync-run-${context.runId}`,
      conclusion,
      output: { ...output, annotations: batches[0] ?? [] },
    });
    for (const batch of batches.slice(1))
      await updateCheckRun(octokit, context.repository, checkRunId, { output: { ...output, annotations: batch } });
    return { reported: true, checkRunId };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    loggerFor("sync").warn({ syncRunId: context.runId, commit, err: error }, "the check run was not reported");
    return { reported: false, reason };
  }
}
