import { assertAdmin, type Actor } from "../auth/actor";
import type { Db } from "../db/client";
import { liveConnectionOf, type InstallationRecord } from "./connection";

export type DeliveryView = {
  id: string;
  event: string;
  action: string | null;
  /** processed | ignored | failed | processing */
  outcome: string;
  reason: string | null;
  receivedAt: string;
  attempts: number;
};

const LIMIT = 20;

/** Stored as "outcome: reason" (webhooks/deliveries.ts); shown apart, like GitHub's Recent Deliveries. */
export function splitOutcome(stored: string): { outcome: string; reason: string | null } {
  const at = stored.indexOf(": ");
  return at < 0 ? { outcome: stored, reason: null } : { outcome: stored.slice(0, at), reason: stored.slice(at + 2) };
}

/**
 * The last webhook deliveries for the organization's connected installation, newest first.
 * Deliveries carry an installation, not an organization: only those received since this
 * organization linked it are shown, so a previous owner's deliveries never are.
 */
export async function listRecentDeliveries(
  db: Db,
  actor: Actor,
  /** The connection row when the caller already read it (the settings page reads it once). */
  loaded?: InstallationRecord | null,
): Promise<DeliveryView[]> {
  assertAdmin(actor);
  const connection =
    loaded !== undefined
      ? loaded
      : await db.githubAppInstallation.findFirst({
          where: liveConnectionOf(actor.tenantId),
          select: { installationId: true, linkedAt: true },
        });
  if (!connection?.linkedAt) return [];
  const rows = await db.webhookDelivery.findMany({
    where: { installationId: connection.installationId, receivedAt: { gte: connection.linkedAt } },
    orderBy: { receivedAt: "desc" },
    take: LIMIT,
  });
  return rows.map((row) => ({
    id: row.id,
    event: row.event,
    action: row.action,
    ...splitOutcome(row.outcome),
    receivedAt: row.receivedAt.toISOString(),
    attempts: row.attempts,
  }));
}
