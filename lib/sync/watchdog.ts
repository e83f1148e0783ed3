import { noteRunOutcome } from "../notifications/transitions";
import type { SyncDeps } from "./deps";
import { MANUAL_SYNC_INTERVAL_MS } from "./manual";

/** How long a Sync Now (or Apply anyway) handed to the job queue may stay "queued" before it is called not started. */
export const NOT_STARTED_AFTER_MS = 15 * 60 * 1000;

/**
 * Longer than a run can take: five retries of a step, the longest waiting out GitHub's
 * rate-limit reset (at most an hour), each step bounded by its requests' timeouts.
 * A running run with no step done for this long will not finish on its own.
 */
export const STALLED_AFTER_MS = 3 * 60 * 60 * 1000;

const NOT_STARTED_MESSAGE =
  "This sync was accepted but the background job service never started it. You can sync again now.";
const stalledMessage = (hours: number) =>
  `This sync stopped making progress (no step finished for over ${hours} hours) and was closed. ` +
  "Nothing more will be applied from it; the next push, Sync Now or the reconcile check starts a new sync.";

type Deps = Pick<SyncDeps, "db" | "now">;
type Closed = { id: bigint; tenant_id: bigint; reason: string; created_at: Date };

/**
 * Closes Sync Now and Apply anyway runs that will never start: the job queue accepted
 * them long ago and no run took them (a rate limit or a debounce dropped the event, a run
 * cancelled before its first step), or their outbox row was marked failed. A request still
 * waiting in the outbox is not stuck: it is only late. Their staging (none, normally) is
 * cleared, and Sync Now's window is given back only when it is still the one this run set.
 */
export async function closeNotStartedRuns(deps: Deps): Promise<number> {
  const now = deps.now();
  const cutoff = new Date(now.getTime() - NOT_STARTED_AFTER_MS);
  const closed = await deps.db.$queryRaw<Closed[]>`
    UPDATE sync_runs r SET status = 'not_started', finished_at = ${now}, error = ${NOT_STARTED_MESSAGE}
    WHERE r.status = 'queued' AND r.finished_at IS NULL AND r.reason IN ('manual', 'confirm') AND r.created_at < ${cutoff}
      AND NOT EXISTS (
        SELECT 1 FROM sync_outbox o WHERE o.request->>'syncRunId' = r.id::text
          AND ((o.sent_at IS NULL AND o.failed_at IS NULL) OR o.sent_at >= ${cutoff}))
    RETURNING r.id, r.tenant_id, r.reason, r.created_at`;
  await afterClosing(deps, closed);
  return closed.length;
}

/**
 * Closes runs that made no progress for longer than a run can take, queued or running
 * (the job died with its process and nothing retries it, or its failure was never
 * reported), with a reason people can read.
 */
export async function closeStalledRuns(deps: Deps): Promise<number> {
  const now = deps.now();
  const cutoff = new Date(now.getTime() - STALLED_AFTER_MS);
  const message = stalledMessage(STALLED_AFTER_MS / 3_600_000);
  // A stalled run failed: its organization is notified like for any failed run, in the same transaction.
  const closed = await deps.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<(Closed & { commit: string | null })[]>`
      UPDATE sync_runs r SET status = 'failed', finished_at = ${now}, error = ${message}
      WHERE r.status IN ('queued', 'running') AND r.finished_at IS NULL
        AND COALESCE(r.progress_at, r.started_at, r.created_at) < ${cutoff}
        AND NOT EXISTS (
          SELECT 1 FROM sync_outbox o WHERE o.request->>'syncRunId' = r.id::text
            AND o.sent_at IS NULL AND o.failed_at IS NULL)
      RETURNING r.id, r.tenant_id, r.reason, r.created_at, r.commit`;
    for (const run of rows)
      await noteRunOutcome(tx, {
        tenantId: run.tenant_id,
        runId: run.id,
        status: "failed",
        commit: run.commit,
        message,
      });
    return rows;
  });
  await afterClosing(deps, closed);
  return closed.length;
}

/** Both watchdogs: what the reconcile cron, the relay's clock and the relay route run. */
export async function runWatchdog(deps: Deps) {
  return { notStarted: await closeNotStartedRuns(deps), stalled: await closeStalledRuns(deps) };
}

async function afterClosing(deps: Deps, closed: Closed[]) {
  if (!closed.length) return;
  const ids = closed.map((run) => run.id);
  await deps.db.$executeRaw`DELETE FROM sync_run_files WHERE run_id = ANY(${ids})`;
  await deps.db.$executeRaw`DELETE FROM sync_run_listing WHERE run_id = ANY(${ids})`;
  for (const run of closed.filter((r) => r.reason === "manual")) {
    // Conditional: a later Sync Now's window (another run's) is left alone.
    await deps.db.$executeRaw`
      UPDATE github_app_installations SET manual_sync_available_at = NULL
      WHERE tenant_id = ${run.tenant_id} AND deleted_at IS NULL
        AND manual_sync_available_at = ${new Date(run.created_at.getTime() + MANUAL_SYNC_INTERVAL_MS)}`;
  }
}
