import { FAILURE_WINDOW_MS } from "../auth/login-throttle";
import type { Db } from "../db/client";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long rows that only serve a purpose for a while are kept. Webhook deliveries stay
 * 30 days (GitHub lets an operator redeliver for 3, and the settings page lists the
 * recent ones); sent outbox rows 7 days (the event ids Inngest deduplicates on live 24 h).
 */
export const RETENTION = {
  webhookDeliveriesMs: 30 * DAY_MS,
  sentOutboxMs: 7 * DAY_MS,
  /** Sync history: every run of the last 90 days, and at least the last 500 of each organization. */
  syncRunsMs: 90 * DAY_MS,
  syncRunsKept: 500,
} as const;

export type Pruned = {
  sessions: number;
  loginThrottles: number;
  installNonces: number;
  sentOutbox: number;
  webhookDeliveries: number;
  syncRuns: number;
  orphanedStaging: number;
};

/**
 * Deletes what can no longer be used: ended sessions (expired or signed out: a lookup
 * refuses them either way), login throttles whose window has passed, install nonces past
 * their state's lifetime (the sealed state expires with them), and old sent outbox rows and
 * settled webhook deliveries, old sync runs, and the staging of runs that have ended.
 * Nothing waiting or in progress is touched.
 */
export async function pruneExpired(db: Db, now: Date): Promise<Pruned> {
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const [sessions, loginThrottles, installNonces, sentOutbox, webhookDeliveries] = await Promise.all([
    db.userSession.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { revokedAt: { not: null } }] } }),
    db.loginThrottle.deleteMany({ where: { windowStartedAt: { lte: ago(FAILURE_WINDOW_MS) } } }),
    db.githubInstallNonce.deleteMany({ where: { expiresAt: { lte: ago(DAY_MS) } } }),
    db.syncOutbox.deleteMany({ where: { sentAt: { lte: ago(RETENTION.sentOutboxMs) } } }),
    db.webhookDelivery.deleteMany({
      where: { receivedAt: { lte: ago(RETENTION.webhookDeliveriesMs) }, outcome: { not: "processing" } },
    }),
  ]);
  // After the runs: a pruned run takes its staging with it (cascade), the rest is counted once.
  const syncRuns = await pruneSyncRuns(db, ago(RETENTION.syncRunsMs));
  const orphanedStaging = await pruneOrphanedStaging(db);
  return {
    sessions: sessions.count,
    loginThrottles: loginThrottles.count,
    installNonces: installNonces.count,
    sentOutbox: sentOutbox.count,
    webhookDeliveries: webhookDeliveries.count,
    syncRuns,
    orphanedStaging,
  };
}

/**
 * Old sync history: a run older than the cutoff and beyond its organization's last 500.
 * Never a run that has not ended, one held for an admin's decision, or the organization's
 * latest successful run (the settings page names its commit).
 */
function pruneSyncRuns(db: Db, before: Date) {
  return db.$executeRaw`
    DELETE FROM sync_runs r
    USING (
      SELECT id, row_number() OVER (PARTITION BY tenant_id ORDER BY id DESC) AS position FROM sync_runs
    ) ranked
    WHERE r.id = ranked.id AND ranked.position > ${RETENTION.syncRunsKept} AND r.created_at < ${before}
      AND r.finished_at IS NOT NULL AND r.status <> 'needs_confirmation'
      AND r.id NOT IN (
        SELECT max(id) FROM sync_runs WHERE status IN ('succeeded', 'succeeded_with_errors') GROUP BY tenant_id)`;
}

/** Staged listings and files of runs that have ended (a run closed while a step was still staging). */
async function pruneOrphanedStaging(db: Db) {
  const files = await db.$executeRaw`
    DELETE FROM sync_run_files f USING sync_runs r WHERE f.run_id = r.id AND r.finished_at IS NOT NULL`;
  const listing = await db.$executeRaw`
    DELETE FROM sync_run_listing l USING sync_runs r WHERE l.run_id = r.id AND r.finished_at IS NOT NULL`;
  return files + listing;
}
