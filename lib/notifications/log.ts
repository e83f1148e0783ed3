import { assertAdmin, type Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { parseDestinationId } from "./destinations";

export type DeliveryAttemptView = {
  id: string;
  type: string;
  attempted_at: string;
  status_code: number | null;
  duration_ms: number;
  error?: string;
  /** The delivery's state after this attempt's delivery settled: pending (retrying), delivered or failed. */
  delivery_status: string;
};

export const LOG_SIZE = 50;

/** A destination's last 50 attempts, newest first. */
export async function listDeliveryAttempts(actor: Actor, destinationId: string): Promise<DeliveryAttemptView[]> {
  assertAdmin(actor);
  const db = getDb();
  const id = parseDestinationId(destinationId);
  const destination = await db.notificationDestination.findFirst({
    where: { id, tenantId: actor.tenantId },
    select: { id: true },
  });
  if (!destination) throw new AppError("not_found", "No such destination.");
  const attempts = await db.notificationAttempt.findMany({
    where: { destinationId: id, tenantId: actor.tenantId },
    orderBy: [{ attemptedAt: "desc" }, { id: "desc" }],
    take: LOG_SIZE,
    include: { delivery: { select: { type: true, status: true } } },
  });
  return attempts.map((a) => ({
    id: a.id.toString(),
    type: a.delivery.type,
    attempted_at: a.attemptedAt.toISOString(),
    status_code: a.statusCode,
    duration_ms: a.durationMs,
    ...(a.error ? { error: a.error } : {}),
    delivery_status: a.delivery.status,
  }));
}
