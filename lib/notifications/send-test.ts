import { assertAdmin, type Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { notificationData } from "./context";
import { parseDestinationId } from "./destinations";
import { enqueueNotification } from "./enqueue";

/** Send test: a delivery of type "test" to this destination only, delivered like any notification. */
export async function queueTestNotification(actor: Actor, destinationId: string): Promise<{ deliveryId: string }> {
  assertAdmin(actor);
  const id = parseDestinationId(destinationId);
  return getDb().$transaction(async (tx) => {
    const destination = await tx.notificationDestination.findFirst({
      where: { id, tenantId: actor.tenantId },
      select: { id: true },
    });
    if (!destination) throw new AppError("not_found", "No such destination.");
    const data = await notificationData(tx, actor.tenantId, {
      message: `${actor.userName} sent a test notification from Settings → GitHub Sync.`,
    });
    const [deliveryId] = await enqueueNotification(tx, actor.tenantId, "test", data, { destinationId: id });
    return { deliveryId: deliveryId! };
  });
}
