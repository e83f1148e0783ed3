import type { Db } from "../../db/client";
import type { HandlerResult } from "./result";

/**
 * webhook_deliveries: each X-GitHub-Delivery is processed once. A delivery seen
 * before is a duplicate, unless its earlier attempt failed, or was left
 * `processing` longer than any handler takes (a crash): then a redelivery is
 * processed again.
 */
export type Delivery = { id: string; event: string; action: string | null; installationId: bigint | null };

export const RECLAIMABLE = `webhook_deliveries.outcome LIKE 'failed%'
  OR (webhook_deliveries.outcome = 'processing' AND webhook_deliveries.received_at < now() - interval '5 minutes')`;

export const outcomeOf = (result: HandlerResult) => `${result.outcome}: ${result.reason}`.slice(0, 500);

/** Claims the delivery before a handler that writes runs; false for a duplicate. */
export async function claimDelivery(db: Db, d: Delivery): Promise<boolean> {
  const claimed = await db.$executeRawUnsafe(
    `INSERT INTO webhook_deliveries (id, event, action, installation_id, outcome)
     VALUES ($1, $2, $3, $4, 'processing')
     ON CONFLICT (id) DO UPDATE SET attempts = webhook_deliveries.attempts + 1, outcome = 'processing', received_at = now()
     WHERE ${RECLAIMABLE}`,
    d.id,
    d.event,
    d.action,
    d.installationId,
  );
  return claimed === 1;
}

export async function settleDelivery(db: Db, id: string, result: HandlerResult) {
  await db.webhookDelivery.update({ where: { id }, data: { outcome: outcomeOf(result), processedAt: new Date() } });
}

/** After a failed attempt: remember it, so GitHub's "Redeliver" processes it again. */
export async function recordFailure(db: Db, d: Delivery, message: string) {
  await db.$executeRaw`
    INSERT INTO webhook_deliveries (id, event, action, installation_id, outcome, processed_at)
    VALUES (${d.id}, ${d.event}, ${d.action}, ${d.installationId}, ${`failed: ${message}`.slice(0, 500)}, now())
    ON CONFLICT (id) DO UPDATE SET outcome = excluded.outcome, processed_at = now()`;
}
