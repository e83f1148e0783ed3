import { Middleware } from "inngest";
import { addLogIds, withLogIds, type LogIds } from "@/lib/observability/log-context";
import { loggerFor } from "@/lib/observability/logger";
import { getMetrics } from "@/lib/observability/metrics";
import { withSpan } from "@/lib/observability/tracing";

type EventData = { tenantId?: unknown; installationId?: unknown; syncRunId?: unknown; commit?: unknown };
const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : undefined);

/** What a step's output tells about the run: the sync_runs id (start-run) and the commit (resolve-head). */
function learnt(output: unknown): { syncRunId?: string; commit?: string } {
  if (typeof output !== "object" || output === null) return {};
  const o = output as { sha?: unknown; runId?: unknown; context?: { runId?: unknown } };
  return {
    syncRunId: text(o.context?.runId) ?? text(o.runId),
    commit: typeof o.sha === "string" && /^[0-9a-f]{40}$/.test(o.sha) ? o.sha : undefined,
  };
}

/**
 * One hook for every job (instead of edits in each step): the Inngest run id, organization,
 * installation and sync run ids on every log line; a span per executed step with organization,
 * installation, run and commit as attributes; pull request checks counted by conclusion.
 * Inngest makes a fresh instance per request, so what memoized steps reveal is kept per request.
 */
export class ObservabilityMiddleware extends Middleware.BaseMiddleware {
  readonly id = "allegro-observability";
  private known: { syncRunId?: string; commit?: string } = {};

  private ids(ctx: { runId: string; event: { data?: unknown } }): LogIds {
    const data = (ctx.event.data ?? {}) as EventData;
    return {
      inngestRunId: ctx.runId,
      organizationId: text(data.tenantId),
      installationId: text(data.installationId),
      syncRunId: this.known.syncRunId ?? text(data.syncRunId),
    };
  }

  private remember(output: unknown) {
    const found = learnt(output);
    if (found.syncRunId) this.known.syncRunId = found.syncRunId;
    if (found.commit) this.known.commit = found.commit;
    if (found.syncRunId) addLogIds({ syncRunId: found.syncRunId });
  }

  override async wrapFunctionHandler({ ctx, next }: Middleware.WrapFunctionHandlerArgs) {
    return withLogIds(this.ids(ctx), () => next());
  }

  override async wrapStep({ next }: Middleware.WrapStepArgs) {
    const output = await next();
    this.remember(output);
    return output;
  }

  override async wrapStepHandler({ ctx, fn, next, stepInfo }: Middleware.WrapStepHandlerArgs) {
    const stepId = String(stepInfo.options.id);
    return withLogIds(this.ids(ctx), () =>
      withSpan(
        `step ${stepId}`,
        {
          "inngest.function": fn.id(),
          "inngest.step": stepId,
          "inngest.run_id": ctx.runId,
          ...spanIds(this.ids(ctx)),
          ...(this.known.commit ? { "vcs.commit": this.known.commit } : {}),
        },
        async (span) => {
          const output = await next();
          this.remember(output);
          if (this.known.syncRunId) span.setAttribute("allegro.sync_run_id", this.known.syncRunId);
          if (this.known.commit) span.setAttribute("vcs.commit", this.known.commit);
          return output;
        },
      ),
    );
  }

  override onRunComplete({ fn, output }: Middleware.OnRunCompleteArgs) {
    if (!fn.id().endsWith("check-github-templates")) return;
    const o = (output ?? {}) as { status?: unknown; conclusion?: unknown };
    const conclusion = typeof o.conclusion === "string" ? o.conclusion : o.status === "superseded" ? "cancelled" : null;
    if (conclusion) getMetrics().pullRequestChecks.inc({ conclusion });
  }

  override onRunError({ ctx, fn, error, isFinalAttempt }: Middleware.OnRunErrorArgs) {
    withLogIds(this.ids(ctx), () =>
      loggerFor("inngest").warn({ err: error, function: fn.id(), isFinalAttempt }, "job attempt failed"),
    );
    if (isFinalAttempt && fn.id().endsWith("check-github-templates"))
      getMetrics().pullRequestChecks.inc({ conclusion: "error" });
  }
}

function spanIds(ids: LogIds) {
  return {
    ...(ids.organizationId ? { "allegro.organization_id": ids.organizationId } : {}),
    ...(ids.installationId ? { "github.installation_id": ids.installationId } : {}),
    ...(ids.syncRunId ? { "allegro.sync_run_id": ids.syncRunId } : {}),
  };
}
