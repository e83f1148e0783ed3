import { NonRetriableError } from "inngest";
import { applySync } from "@/lib/sync/apply";
import { fetchFiles } from "@/lib/sync/fetch-files";
import { PermanentSyncError, nonRetriable } from "@/lib/sync/github";
import { readTree, resolveHead } from "@/lib/sync/read-github";
import { finishRun, markBroken, startRun, type SyncContext } from "@/lib/sync/run-record";
import { getDb } from "@/lib/db/client";
import { inngest } from "../client";
import { syncRequested, syncRequestedSchema } from "../events";

/** Rethrows a permanent failure as NonRetriableError after recording it; anything else is retried by Inngest. */
async function permanently<T>(context: SyncContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PermanentSyncError) {
      if (error.breaks) await markBroken(context, error.message);
      await finishRun(context.runId, "failed", { message: error.message, startedAt: context.startedAt });
      throw nonRetriable(error);
    }
    throw error;
  }
}

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
      const runId = String((event.data as { run_id?: string }).run_id ?? "");
      if (!runId) return;
      await getDb().syncRun.updateMany({
        where: { inngestRunId: runId, status: { in: ["queued", "running"] } },
        data: { status: "failed", error: error.message.slice(0, 1000), finishedAt: new Date() },
      });
    },
  },
  async ({ event, step, runId }) => {
    const parsed = syncRequestedSchema.safeParse(event.data);
    if (!parsed.success) throw new NonRetriableError(`invalid event data: ${parsed.error.issues[0]?.message}`);
    const request = parsed.data;

    const start = await step.run("start-run", () => startRun(request, runId));
    if (start.kind === "stop") {
      await step.run("record-stop", () => finishRun(start.runId, start.status, { message: start.message }));
      if (start.status === "failed") throw new NonRetriableError(start.message);
      return { status: start.status, message: start.message };
    }
    const context = start.context;

    const head = await step.run("resolve-head", () => permanently(context, () => resolveHead(context)));
    if (head.sha === context.lastSyncHash && request.reason !== "manual") {
      await step.run("record-skip", () =>
        finishRun(context.runId, "skipped", {
          message: "The branch head is already synced.",
          commit: head.sha,
          startedAt: context.startedAt,
        }),
      );
      return { status: "skipped", commit: head.sha };
    }

    const plan = await step.run("read-tree", () => permanently(context, () => readTree(context, head)));
    const fetched = await step.run("fetch-files", () =>
      permanently(context, () => fetchFiles(context, head, plan.fetch, plan.truncated ? "tarball" : "auto")),
    );
    const result = await step.run("apply", () => applySync(context, head, plan.files));
    return {
      status: result.status,
      commit: head.sha,
      counts: result.counts,
      strategy: fetched.strategy,
      files: plan.files.length,
    };
  },
);
