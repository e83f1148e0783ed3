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
} as const;

export type Pruned = {
  sessions: number;
  loginThrottles: number;
  installNonces: number;
  sentOutbox: number;
  webhookDeliveries: number;
};

/**
 * Deletes what can no longer be used: ended sessions (expired or signed out: a lookup
 * refuses them either way), login throttles whose window has passed, install nonces past
 * their state's lifetime (the sealed state expires with them), and old sent outbox rows and
 * settled webhook deliveries. Nothing waiting or in progress is touched.
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
  return {
    sessions: sessions.count,
    loginThrottles: loginThrottles.count,
    installNonces: installNonces.count,
    sentOutbox: sentOutbox.count,
    webhookDeliveries: webhookDeliveries.count,
  };
}
