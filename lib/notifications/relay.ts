import { loggerFor } from "../observability/logger";
import type { Db } from "../db/client";

/** A delivery's attempt as a job event: the id makes a resend of the same attempt a no-op. */
export type NotificationEvent = { id: string; data: { deliveryId: string; tenantId: string; attempt: number } };
export type NotificationSender = (events: NotificationEvent[]) => Promise<void>;

export const NOTIFICATION_EVENT = "allegro/notification.delivery.requested";

const LEASE_MS = 60_000;

type RelayDeps = { db: Db; send: NotificationSender; now: () => Date };

/**
 * Hands due deliveries (new ones, and failed attempts whose backoff has passed)
 * to the job queue: leased first, so two relays never send the same attempt,
 * then marked enqueued. A queue that refuses leaves them for the next relay.
 */
export async function relayNotifications(
  deps: RelayDeps,
  { limit = 100 } = {},
): Promise<{ sent: number; failed: number }> {
  const now = deps.now();
  const leased = await deps.db.$queryRaw<{ id: string; tenant_id: bigint; attempts: number }[]>`
    UPDATE notification_deliveries SET relay_after = ${new Date(now.getTime() + LEASE_MS)}
    WHERE id IN (
      SELECT id FROM notification_deliveries
      WHERE status = 'pending' AND enqueued_at IS NULL AND relay_after <= ${now}
      ORDER BY relay_after LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id, tenant_id, attempts`;
  if (!leased.length) return { sent: 0, failed: 0 };
  const events = leased.map((row) => ({
    id: `notification-${row.id}-${row.attempts + 1}`,
    data: { deliveryId: row.id, tenantId: row.tenant_id.toString(), attempt: row.attempts + 1 },
  }));
  try {
    await deps.send(events);
  } catch (error) {
    loggerFor("notifications").warn({ err: error }, "notification relay: the job queue refused; retrying later");
    return { sent: 0, failed: leased.length };
  }
  // Only rows whose attempt has not started yet: a job that already ran (and maybe scheduled a retry) wins.
  await deps.db.$executeRaw`
    UPDATE notification_deliveries d SET enqueued_at = ${deps.now()}
    FROM unnest(${leased.map((row) => row.id)}::text[], ${leased.map((row) => row.attempts)}::int[]) AS sent(id, attempts)
    WHERE d.id = sent.id AND d.attempts = sent.attempts AND d.status = 'pending' AND d.enqueued_at IS NULL`;
  return { sent: leased.length, failed: 0 };
}
