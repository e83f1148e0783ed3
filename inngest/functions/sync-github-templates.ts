import { NonRetriableError } from "inngest";
import { applySync } from "@/lib/sync/apply";
import { defaultSyncDeps, type SyncDeps } from "@/lib/sync/deps";
import { fetchFiles } from "@/lib/sync/fetch-files";
import { PermanentSyncError } from "@/lib/sync/github";
import { readTree, resolveHead } from "@/lib/sync/read-github";
import { syncRequestSchema } from "@/lib/sync/request";
import { failAbandonedRun, finishRun, markBroken, startRun, type SyncContext } from "@/lib/sync/run-record";
import { inngest } from "../client";
import { syncRequested } from "../events";

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

/** What `inngest/function.failed` carries: the job's run id and the event that started it. */
type FailedEventData = { run_id?: string; event?: { data?: { syncRunId?: string } } };

/**
 * SyncGitHubTemplates: makes a tenant's templates equal to its branch head.
 * One run per tenant at a time; every run re-reads the head, so bursts end at
 * the head and replaying an old event never applies an older commit.
 */
export const syncGithubTemplates = inngest.createFunction(
  {
    id: "sync-github-templates",
    name: "SyncGitHubTemplates",
    triggers: [syncRequested],
    concurrency: [{ key: "event.data.tenantId", limit: 1 }],
    // Sync Now is limited per tenant; every other reason gets a key of its own, so none is dropped.
    rateLimit: {
      key: 'event.data.reason == "manual" ? "manual-" + event.data.tenantId : event.id',
      limit: 1,
      period: "5m",
    },
    retries: 5,
    onFailure: async ({ event, error }) => {
      const data = event.data as FailedEventData;
      await failAbandonedRun(
        defaultSyncDeps(),
        { inngestRunId: data.run_id, syncRunId: data.event?.data?.syncRunId },
        error.message,
      );
    },
  },
  async ({ event, step, runId }) => {
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
    if (head.sha === context.lastSyncHash && request.reason !== "manual") {
      await step.run("record-skip", () =>
        finishRun(deps, context.runId, "skipped", {
          message: "The branch head is already synced.",
          commit: head.sha,
          startedAt: context.startedAt,
        }),
      );
      return { status: "skipped", commit: head.sha };
    }

    const plan = await step.run("read-tree", () => permanently(deps, context, () => readTree(deps, context, head)));
    const mode = plan.truncated ? "tarball" : "auto";
    const fetched = await step.run("fetch-files", () =>
      permanently(deps, context, () => fetchFiles(deps, context, head, mode)),
    );
    const result = await step.run("apply", () => applySync(deps, context, head));
    return {
      status: result.status,
      commit: head.sha,
      counts: result.counts,
      strategy: fetched.strategy,
      files: plan.files,
    };
  },
);
