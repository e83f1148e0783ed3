import { getMetrics } from "../observability/metrics";
import { sendToDestination, type SendDeps } from "./senders";

/** Waits before attempts 2…5: about 1 minute, 5 minutes, 30 minutes, 2 hours; then the delivery is failed. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

export type AttemptOutcome = { outcome: "delivered" | "retry" | "failed" | "gone"; statusCode?: number | null };

/**
 * Attempt number `attempt` of a delivery (the job's one step). The attempt is
 * claimed with a conditional UPDATE first, so a job step run twice sends once;
 * then the destination is called, the attempt logged, and the delivery either
 * done, failed for good after the fifth, or due again after its backoff (the
 * relay hands it to the job again then, under the same webhook-id).
 */
export async function attemptDelivery(
  deps: SendDeps,
  ids: { deliveryId: string; tenantId: string },
  attempt: number,
): Promise<AttemptOutcome> {
  const tenantId = BigInt(ids.tenantId);
  const { count } = await deps.db.notificationDelivery.updateMany({
    where: { id: ids.deliveryId, tenantId, status: "pending", attempts: attempt - 1 },
    data: { attempts: attempt },
  });
  if (!count) return { outcome: "gone" };
  const delivery = await deps.db.notificationDelivery.findFirst({
    where: { id: ids.deliveryId, tenantId },
    include: { destination: true },
  });
  if (!delivery) return { outcome: "gone" };

  const attemptedAt = deps.now();
  const started = performance.now();
  const result = await sendToDestination(deps, delivery.destination, delivery);
  const durationMs = Math.round(performance.now() - started);
  const outcome = result.error === null ? "delivered" : attempt >= MAX_ATTEMPTS ? "failed" : "retry";
  const finishedAt = deps.now();
  await deps.db.$transaction([
    deps.db.notificationAttempt.create({
      data: {
        tenantId,
        destinationId: delivery.destinationId,
        deliveryId: delivery.id,
        attemptedAt,
        statusCode: result.statusCode,
        durationMs,
        error: result.error?.slice(0, 1000) ?? null,
      },
    }),
    deps.db.notificationDelivery.updateMany({
      where: { id: delivery.id, tenantId },
      data:
        outcome === "retry"
          ? { enqueuedAt: null, relayAfter: new Date(finishedAt.getTime() + RETRY_DELAYS_MS[attempt - 1]!) }
          : { status: outcome, finishedAt },
    }),
  ]);
  getMetrics().notificationAttempts.inc({ channel: delivery.destination.kind, outcome });
  return { outcome, statusCode: result.statusCode };
}
