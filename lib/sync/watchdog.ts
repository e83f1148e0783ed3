import type { SyncDeps } from "./deps";

/** How long a Sync Now (or Apply anyway) handed to the job queue may stay "queued" before it is called not started. */
export const NOT_STARTED_AFTER_MS = 15 * 60 * 1000;

/**
 * Closes Sync Now and Apply anyway runs that the job queue accepted but never
 * started (a rate limit or a debounce that dropped the event, a run cancelled
 * before its first step), so no row stays "queued" for ever, and gives the
 * organization its Sync Now back.
 * A request still waiting in the outbox is not stuck: it is only late.
 */
export async function closeNotStartedRuns(deps: Pick<SyncDeps, "db" | "now">): Promise<number> {
  const now = deps.now();
  const cutoff = new Date(now.getTime() - NOT_STARTED_AFTER_MS);
  const closed = await deps.db.$queryRaw<{ id: bigint; tenant_id: bigint; reason: string }[]>`
    UPDATE sync_runs r SET status = 'not_started', finished_at = ${now},
      error = 'This sync was accepted but the background job service never started it. You can sync again now.'
    FROM sync_outbox o
    WHERE r.status = 'queued' AND r.reason IN ('manual', 'confirm') AND r.created_at < ${cutoff}
      AND o.request->>'syncRunId' = r.id::text AND o.sent_at IS NOT NULL AND o.sent_at < ${cutoff}
    RETURNING r.id, r.tenant_id, r.reason`;
  const manual = closed.filter((run) => run.reason === "manual");
  if (manual.length) {
    await deps.db.githubAppInstallation.updateMany({
      where: { tenantId: { in: manual.map((run) => run.tenant_id) }, deletedAt: null },
      data: { manualSyncAvailableAt: null },
    });
  }
  return closed.length;
}
