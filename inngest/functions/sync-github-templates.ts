import { NonRetriableError } from "inngest";
import { reportSyncCheck } from "@/lib/checks/sync-check";
import { getEnv } from "@/lib/env";
import { shownMessageOf } from "@/lib/shown-errors";
import { applySync } from "@/lib/sync/apply";
import { defaultSyncDeps, type SyncDeps } from "@/lib/sync/deps";
import { fetchFiles } from "@/lib/sync/fetch-files";
import { PermanentSyncError } from "@/lib/sync/github";
import { readTree, resolveHead } from "@/lib/sync/read-github";
import { syncRequestSchema } from "@/lib/sync/request";
import { failAbandonedRun, finishRun, markBroken, startRun, type SyncContext } from "@/lib/sync/run-record";
import { inngest } from "../client";
import { syncNowRequested, syncRequested } from "../events";

/** Rethrows a permanent failure as NonRetriableError after recording it; anything else is retried by Inngest. */
async function permanently<T>(deps: SyncDeps, context: SyncContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PermanentSyncError) {
      if (error.breaks) await markBroken(deps, context, error.message);
      await finishRun(deps, context.runId, "failed", { message: error.message, startedAt: context.startedAt });
      throw new NonRetriableError(error.message, { cause: error });
    }
    throw error;
  }
}

/** Why a head needs no sync (already synced, or held back by the mass-delete guard), or null. Sync Now plans it anyway. */
function headUnchanged(context: SyncContext, sha: string): string | null {
  if (sha === context.lastSyncHash) return "The branch head is already synced.";
  if (sha === context.heldSyncHash)
    return "The mass-delete guard held this commit back; an admin decides on the GitHub Sync settings page.";
  return null;
}

/** What `inngest/function.failed` carries: the job's run id and the event that started it. */
type FailedEventData = { run_id?: string; event?: { data?: { syncRunId?: string } } };

const onFailure = async ({ event, error }: { event: { data: unknown }; error: Error }) => {
  const data = event.data as FailedEventData;
  await failAbandonedRun(
    defaultSyncDeps(),
    { inngestRunId: data.run_id, syncRunId: data.event?.data?.syncRunId },
    shownMessageOf(error, "sync_failed", "sync", { inngestRunId: data.run_id }),
  );
};

/**
 * One organization's syncs never execute steps at the same time, whichever of
 * the two functions runs them (an account-scoped key is shared across functions).
 * Inngest counts executing steps, not runs: two runs can still interleave
 * between steps, and apply's ordering guard makes that safe.
 */
const oneOrganizationAtATime = { scope: "account" as const, key: '"sync-" + event.data.tenantId', limit: 1 };

/** The sync's steps, shared by both functions: makes a tenant's templates equal to its branch head. */
type StepTools = Parameters<Parameters<typeof inngest.createFunction>[1]>[0];
async function syncSteps({ event, step, runId }: Pick<StepTools, "event" | "step" | "runId">) {
  const parsed = syncRequestSchema.safeParse(event.data);
  if (!parsed.success) throw new NonRetriableError(`invalid event data: ${parsed.error.issues[0]?.message}`);
  const request = parsed.data;
  const deps = defaultSyncDeps();

  const start = await step.run("start-run", () => startRun(deps, request, runId));
  if (start.kind === "stop") {
    await step.run("record-stop", () => finishRun(deps, start.runId, start.status, { message: start.message }));
    if (start.status === "failed") throw new NonRetriableError(start.message);
    return { status: start.status, message: start.message };
  }
  const context = start.context;

  const head = await step.run("resolve-head", () => permanently(deps, context, () => resolveHead(deps, context)));
  const unchanged = headUnchanged(context, head.sha);
  if (unchanged && request.reason !== "manual") {
    await step.run("record-skip", () =>
      finishRun(deps, context.runId, "skipped", { message: unchanged, commit: head.sha, startedAt: context.startedAt }),
    );
    return { status: "skipped", commit: head.sha };
  }

  const plan = await step.run("read-tree", () => permanently(deps, context, () => readTree(deps, context, head)));
  const mode = plan.truncated ? "tarball" : "auto";
  const fetched = await step.run("fetch-files", () =>
    permanently(deps, context, () => fetchFiles(deps, context, head, mode)),
  );
  const result = await step.run("apply", () => applySync(deps, context, head));
  if (result.status !== "skipped")
    await step.run("report-check", () => reportSyncCheck(deps, context, head.sha, result, getEnv().appUrl));
  return {
    status: result.status,
    commit: head.sha,
    counts: result.counts,
    strategy: fetched.strategy,
    files: plan.files,
  };
}

/**
 * SyncGitHubTemplates: push, connect and reconcile requests. A burst is
 * debounced per organization (the last request runs 5 s after the burst, at
 * most a minute after its first one); every run re-reads the head, so the
 * burst ends at the head and replaying an old event never applies an older commit.
 */
export const syncGithubTemplates = inngest.createFunction(
  {
    id: "sync-github-templates",
    name: "SyncGitHubTemplates",
    triggers: [syncRequested],
    concurrency: oneOrganizationAtATime,
    debounce: { key: "event.data.tenantId", period: "5s", timeout: "1m" },
    retries: 5,
    onFailure,
  },
  syncSteps,
);

/**
 * SyncNowGitHubTemplates: Sync Now, never merged into another request and never
 * delayed by a debounce. The 5-minute window is kept in PostgreSQL (the page
 * shows it); the rate limit here only backs it up, keyed by organization, and
 * the watchdog closes a run it dropped.
 */
export const syncNowGithubTemplates = inngest.createFunction(
  {
    id: "sync-now-github-templates",
    name: "SyncNowGitHubTemplates",
    triggers: [syncNowRequested],
    concurrency: oneOrganizationAtATime,
    rateLimit: { key: "event.data.tenantId", limit: 1, period: "5m" },
    retries: 5,
    onFailure,
  },
  syncSteps,
);

/** Cancelled from the dashboard: close the run's sync_runs row (matched by run id, and by the row Sync Now carried). */
export const closeCancelledSyncs = inngest.createFunction(
  {
    id: "close-cancelled-syncs",
    name: "CloseCancelledSyncs",
    triggers: [
      {
        event: "inngest/function.cancelled",
        if: "event.data.function_id == 'allegro-sync-github-templates' || event.data.function_id == 'allegro-sync-now-github-templates'",
      },
    ],
  },
  async ({ event, step }) => {
    const data = event.data as FailedEventData;
    const closed = await step.run("close-run", () =>
      failAbandonedRun(
        defaultSyncDeps(),
        { inngestRunId: data.run_id, syncRunId: data.event?.data?.syncRunId },
        "The sync was cancelled.",
        "cancelled",
      ),
    );
    return { closed };
  },
);
