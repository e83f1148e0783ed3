import type { Db, Prisma } from "../db/client";
import { checkRequestSchema, type CheckRequest } from "../checks/request";
import { deliveryRequestSchema, type DeliveryRequest } from "../github-sync/webhooks/delivery-request";
import { syncRequestSchema, type SyncQueue, type SyncRequest } from "./request";

/**
 * The transactional outbox of sync requests. The request path only inserts a
 * row (in the caller's transaction, so a webhook's claim and its request
 * commit together); the relay hands rows to the job queue after the response
 * and marks them sent. Each event's id is the row's, and the queue drops a
 * repeated id, so a crash between sending and marking starts no second run.
 */
type Writer = Pick<Db, "syncOutbox"> | Prisma.TransactionClient;

/** A SyncQueue that records the request in the outbox through `db` (a client or a transaction). */
export function outboxQueue(db: Writer): SyncQueue {
  return {
    async queueSync(request) {
      const parsed = syncRequestSchema.parse(request);
      await db.syncOutbox.create({
        data: {
          tenantId: BigInt(parsed.tenantId),
          installationId: BigInt(parsed.installationId),
          reason: parsed.reason,
          request: parsed,
        },
      });
    },
  };
}

/**
 * An event for the job queue: the id makes a resend a no-op. Rows of kind "check" carry a pull
 * request's check, rows of kind "delivery" a webhook delivery for the delivery job.
 */
export type OutboxEvent =
  | { id: string; kind: "sync"; data: SyncRequest }
  | { id: string; kind: "check"; data: CheckRequest }
  | { id: string; kind: "delivery"; data: DeliveryRequest };
/** The job queue's side of the relay (the Inngest adapter implements it). Rejects when nothing was accepted. */
export type EventSender = (events: OutboxEvent[]) => Promise<void>;

export const outboxEventId = (rowId: bigint | string, kind = "sync") => `${kind}-request-${rowId}`;

const toEvent = (row: { id: bigint; kind: string; request: unknown }): OutboxEvent =>
  row.kind === "check"
    ? { id: outboxEventId(row.id, "check"), kind: "check", data: checkRequestSchema.parse(row.request) }
    : row.kind === "delivery"
      ? { id: outboxEventId(row.id, "delivery"), kind: "delivery", data: deliveryRequestSchema.parse(row.request) }
      : { id: outboxEventId(row.id), kind: "sync", data: syncRequestSchema.parse(row.request) };

const LEASE_MS = 60_000;

type RelayDeps = { db: Db; send: EventSender; now: () => Date };

/**
 * Sends due rows. Rows are leased first (next_attempt_at moves a minute ahead),
 * so two relays never send the same row at once and a relay that dies mid-way
 * leaves rows that are simply sent again later, under the same event ids.
 */
export async function relayOutbox(deps: RelayDeps, { limit = 100 } = {}): Promise<{ sent: number; failed: number }> {
  const now = deps.now();
  const leased = await deps.db.$queryRaw<{ id: bigint; kind: string; request: unknown; attempts: number }[]>`
    UPDATE sync_outbox SET next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM sync_outbox WHERE sent_at IS NULL AND next_attempt_at <= ${now}
      ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id, kind, request, attempts`;
  if (!leased.length) return { sent: 0, failed: 0 };
  const ids = leased.map((row) => row.id);
  try {
    await deps.send(leased.map(toEvent));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // One statement for the batch; each row backs off by its own attempts: 5 s, 10 s, 20 s … at most 10 minutes.
    await deps.db.$executeRaw`
      UPDATE sync_outbox SET last_error = ${message.slice(0, 1000)},
        next_attempt_at = ${now}::timestamptz + make_interval(secs => LEAST(600, 5 * power(2, GREATEST(attempts - 1, 0))))
      WHERE id = ANY(${ids})`;
    return { sent: 0, failed: leased.length };
  }
  await deps.db.syncOutbox.updateMany({
    where: { id: { in: ids } },
    data: { sentAt: deps.now(), lastError: null },
  });
  return { sent: leased.length, failed: 0 };
}

/** Relays until nothing is due (or a send fails): what runs after a response and at start-up. */
export async function drainOutbox(deps: RelayDeps): Promise<void> {
  for (let round = 0; round < 50; round++) {
    const { sent, failed } = await relayOutbox(deps);
    if (failed || sent === 0) return;
  }
}

export type WaitingRequests = { count: number; since: string; lastError: string | null; nextAttemptAt: string };

/** The organization's requests not yet accepted by the job queue, for the settings page. */
export async function findWaitingRequests(db: Db, tenantId: bigint, now: Date): Promise<WaitingRequests | null> {
  const rows = await db.syncOutbox.findMany({
    where: { tenantId, sentAt: null, kind: "sync" },
    orderBy: { id: "asc" },
    select: { createdAt: true, lastError: true, nextAttemptAt: true, attempts: true },
  });
  // A request a few seconds old is on its way, not waiting.
  const waiting = rows.filter((row) => row.attempts > 0 || now.getTime() - row.createdAt.getTime() > 10_000);
  if (!waiting.length) return null;
  const last = waiting.at(-1)!;
  return {
    count: waiting.length,
    since: waiting[0]!.createdAt.toISOString(),
    lastError: waiting.find((row) => row.lastError)?.lastError ?? null,
    nextAttemptAt: last.nextAttemptAt.toISOString(),
  };
}
