import { randomUUID } from "node:crypto";
import type { Prisma } from "../db/generated/client.ts";
import type { DeliveryType, NotificationData } from "./events";

type Tx = Prisma.TransactionClient;

/** A delivery's id: the Standard Webhooks `webhook-id`, kept across retries so receivers can deduplicate. */
export const newDeliveryId = () => `msg_${randomUUID().replaceAll("-", "")}`;

/**
 * Records one delivery per destination of the organization that receives `type`
 * (or only `destinationId`, for Send test), in the caller's transaction: the
 * notification commits with the change that caused it, or not at all.
 */
export async function enqueueNotification(
  tx: Tx,
  tenantId: bigint,
  type: DeliveryType,
  data: NotificationData,
  { destinationId }: { destinationId?: bigint } = {},
): Promise<string[]> {
  const destinations = await tx.notificationDestination.findMany({
    where: destinationId ? { tenantId, id: destinationId } : { tenantId, events: { has: type } },
    select: { id: true },
  });
  if (!destinations.length) return [];
  const rows = destinations.map((destination) => ({
    id: newDeliveryId(),
    tenantId,
    destinationId: destination.id,
    type,
    payload: data,
  }));
  await tx.notificationDelivery.createMany({ data: rows });
  return rows.map((row) => row.id);
}
