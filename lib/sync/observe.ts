import { getMetrics } from "../observability/metrics";
import type { ApplyResult } from "./apply";
import type { SyncDeps } from "./deps";
import type { Head } from "./read-github";
import type { SyncContext } from "./run-record";

/** A run reached its final state: counted by reason and outcome, its duration observed when known. */
export function recordSyncEnded(reason: string, outcome: string, durationMs: number | null): void {
  const metrics = getMetrics();
  metrics.syncRuns.inc({ reason, outcome });
  if (durationMs !== null && durationMs >= 0) metrics.syncDuration.observe({ outcome }, durationMs / 1000);
}

/**
 * The push-to-applied lag of the commit just applied: from when its push delivery was received
 * (its outbox row is written in the same statement as the delivery) to now, after the apply
 * transaction committed. Runs for commits nobody pushed (Sync Now, reconcile) observe nothing.
 */
export async function observePushToApplied(
  deps: SyncDeps,
  context: SyncContext,
  commit: string,
): Promise<number | null> {
  const [row] = await deps.db.$queryRaw<{ received_at: Date | null }[]>`
    SELECT min(created_at) AS received_at FROM sync_outbox
    WHERE tenant_id = ${BigInt(context.tenantId)} AND reason = 'push' AND request->>'commit' = ${commit}`;
  if (!row?.received_at) return null;
  const seconds = Math.max(0, (deps.now().getTime() - row.received_at.getTime()) / 1000);
  getMetrics().pushToApplied.observe(seconds);
  return seconds;
}

/** After the apply transaction: the run's outcome, its template changes and, for a push, the lag. */
export async function recordApplied(deps: SyncDeps, context: SyncContext, head: Head, result: ApplyResult) {
  const durationMs = deps.now().getTime() - Date.parse(context.startedAt);
  recordSyncEnded(context.reason, result.status, durationMs);
  if (result.status !== "succeeded" && result.status !== "succeeded_with_errors") return;
  const { templates } = getMetrics();
  templates.inc({ change: "created" }, result.counts.created);
  templates.inc({ change: "updated" }, result.counts.updated + result.counts.moved);
  templates.inc({ change: "deleted" }, result.counts.deleted);
  await observePushToApplied(deps, context, head.sha).catch(() => null);
}
