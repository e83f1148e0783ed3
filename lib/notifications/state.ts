import type { Prisma } from "../db/generated/client.ts";

/** What an organization was last notified about, per topic. */
export type Topic = "sync" | "decision" | "connection";

/**
 * Moves the organization's notified state of `topic` to `state`, in the caller's
 * transaction, and answers the state it had, or null when it already was `state`
 * (nothing to notify). The row is created at `initial` and locked first, so two
 * transactions reporting the same change notify once.
 */
export async function moveState(
  tx: Prisma.TransactionClient,
  tenantId: bigint,
  topic: Topic,
  state: string,
  initial: string,
): Promise<string | null> {
  await tx.$executeRaw`
    INSERT INTO notification_states (tenant_id, topic, state, updated_at) VALUES (${tenantId}, ${topic}, ${initial}, now())
    ON CONFLICT (tenant_id, topic) DO NOTHING`;
  const [row] = await tx.$queryRaw<{ state: string }[]>`
    SELECT state FROM notification_states WHERE tenant_id = ${tenantId} AND topic = ${topic} FOR UPDATE`;
  if (!row || row.state === state) return null;
  await tx.$executeRaw`
    UPDATE notification_states SET state = ${state}, updated_at = now() WHERE tenant_id = ${tenantId} AND topic = ${topic}`;
  return row.state;
}
