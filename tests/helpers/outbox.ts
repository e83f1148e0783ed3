import { getDb } from "@/lib/db/client";
import { inngestSink } from "./inngest-sink";

/**
 * Sync requests reach Inngest through the outbox, relayed after the response:
 * tests wait for what one organization's requests sent (other tests' relays
 * run in the same process and send theirs).
 */
export function sentEventsOf(tenantId: bigint | string) {
  return inngestSink().events.filter((event) => event.data.tenantId === String(tenantId));
}

export async function waitForSentEvents(tenantId: bigint | string, count: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (sentEventsOf(tenantId).length < count) {
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} sync events for tenant ${tenantId}, got ${sentEventsOf(tenantId).length}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return sentEventsOf(tenantId);
}

export function outboxRowsOf(tenantId: bigint) {
  return getDb().syncOutbox.findMany({ where: { tenantId }, orderBy: { id: "asc" } });
}
