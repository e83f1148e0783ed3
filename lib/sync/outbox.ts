import type { Db, Prisma } from "../db/client";
import { shownMessageOf } from "../shown-errors";
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
type Writer = Pick<Db, "syncOutbox" | "$executeRaw"> | Prisma.TransactionClient;

/**
 * Requests that merge: an organization has at most one of them pending (a run reads the
 * branch head anyway), so a burst while the job queue is down leaves one row. Sync Now and
 * Apply anyway carry their own queued run and stay apart. Mirrors the partial unique index
 * `sync_outbox_pending_sync_key` (prisma/sql/partial-indexes.sql).
 */
export const MERGED_REASONS = ["push", "connect", "reconcile"] as const;
const MERGED = new Set<string>(MERGED_REASONS);

/** A SyncQueue that records the request in the outbox through `db` (a client or a transaction). */
export function outboxQueue(db: Writer): SyncQueue {
  return {
    async queueSync(request) {
      const parsed = syncRequestSchema.parse(request);
      if (!MERGED.has(parsed.reason)) {
        await db.syncOutbox.create({
          data: {
            tenantId: BigInt(parsed.tenantId),
            installationId: BigInt(parsed.installationId),
            reason: parsed.reason,
            request: parsed,
          },
        });
        return;
      }
      // The pending row takes the latest request; its revision changes the event id, so a
      // merge into a row the relay is sending at this moment is sent again, not lost.
      await db.$executeRaw`
        INSERT INTO sync_outbox (tenant_id, installation_id, reason, request)
        VALUES (${BigInt(parsed.tenantId)}, ${BigInt(parsed.installationId)}, ${parsed.reason},
          ${JSON.stringify(parsed)}::jsonb)
        ON CONFLICT (tenant_id) WHERE sent_at IS NULL AND failed_at IS NULL AND kind = 'sync'
          AND reason IN ('push', 'connect', 'reconcile')
        DO UPDATE SET installation_id = excluded.installation_id, reason = excluded.reason,
          request = excluded.request, revision = sync_outbox.revision + 1`;
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

/** `sync-request-<row id>`, and `-r<n>` once later requests were merged into the row. */
export const outboxEventId = (rowId: bigint | string, kind = "sync", revision = 0) =>
  `${kind}-request-${rowId}${revision ? `-r${revision}` : ""}`;

type LeasedRow = { id: bigint; kind: string; request: unknown; attempts: number; revision: number };

/** The row as an event, or why it cannot be one (a request that no longer matches its schema). */
export function toEvent(row: LeasedRow): { event: OutboxEvent } | { problem: string } {
  if (row.kind === "check") {
    const parsed = checkRequestSchema.safeParse(row.request);
    return parsed.success
      ? { event: { id: outboxEventId(row.id, "check", row.revision), kind: "check", data: parsed.data } }
      : { problem: `not a valid check request: ${describe(parsed.error)}` };
  }
  if (row.kind === "delivery") {
    const parsed = deliveryRequestSchema.safeParse(row.request);
    return parsed.success
      ? { event: { id: outboxEventId(row.id, "delivery", row.revision), kind: "delivery", data: parsed.data } }
      : { problem: `not a valid delivery request: ${describe(parsed.error)}` };
  }
  if (row.kind !== "sync") return { problem: `unknown kind "${row.kind}"` };
  const parsed = syncRequestSchema.safeParse(row.request);
  return parsed.success
    ? { event: { id: outboxEventId(row.id, "sync", row.revision), kind: "sync", data: parsed.data } }
    : { problem: `not a valid sync request: ${describe(parsed.error)}` };
}

const describe = (error: { issues: { path: PropertyKey[]; message: string }[] }) =>
  error.issues.map((issue) => `${issue.path.map(String).join(".") || "request"}: ${issue.message}`).join("; ");

const LEASE_MS = 60_000;

export type RelayDeps = { db: Db; send: EventSender; now: () => Date };
export type RelayResult = { sent: number; failed: number; invalid: number };

/**
 * Sends due rows. Rows are leased first (next_attempt_at moves a minute ahead),
 * so two relays never send the same row at once and a relay that dies mid-way
 * leaves rows that are simply sent again later, under the same event ids. A row
 * that cannot become an event is marked failed with the reason and never sent
 * again, so it holds nothing up behind it.
 */
export async function relayOutbox(deps: RelayDeps, { limit = 100 } = {}): Promise<RelayResult> {
  const now = deps.now();
  const leased = await deps.db.$queryRaw<LeasedRow[]>`
    UPDATE sync_outbox SET next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM sync_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ${now}
      ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id, kind, request, attempts, revision`;
  if (!leased.length) return { sent: 0, failed: 0, invalid: 0 };

  const events: OutboxEvent[] = [];
  const sending: LeasedRow[] = [];
  for (const row of leased) {
    const converted = toEvent(row);
    if ("event" in converted) {
      events.push(converted.event);
      sending.push(row);
    } else {
      await deps.db.$executeRaw`
        UPDATE sync_outbox SET failed_at = ${now}, last_error = ${converted.problem.slice(0, 1000)} WHERE id = ${row.id}`;
    }
  }
  const invalid = leased.length - sending.length;
  if (!sending.length) return { sent: 0, failed: 0, invalid };
  const ids = sending.map((row) => row.id);
  try {
    await deps.send(events);
  } catch (error) {
    const message = shownMessageOf(error, "jobs_unreachable", "outbox", { rows: ids.length });
    // One statement for the batch; each row backs off by its own attempts: 5 s, 10 s, 20 s … at most 10 minutes.
    await deps.db.$executeRaw`
      UPDATE sync_outbox SET last_error = ${message.slice(0, 1000)},
        next_attempt_at = ${now}::timestamptz + make_interval(secs => LEAST(600, 5 * power(2, GREATEST(attempts - 1, 0))))
      WHERE id = ANY(${ids})`;
    return { sent: 0, failed: sending.length, invalid };
  }
  // Marked sent only at the revision that was sent: a row a later request merged into
  // meanwhile is due again at once, and goes out under its new event id.
  const sentAt = deps.now();
  await deps.db.$executeRaw`
    UPDATE sync_outbox o SET sent_at = ${sentAt}, last_error = NULL
    FROM unnest(${ids}::bigint[], ${sending.map((row) => row.revision)}::int[]) AS s(id, revision)
    WHERE o.id = s.id AND o.revision = s.revision`;
  await deps.db.$executeRaw`
    UPDATE sync_outbox SET next_attempt_at = ${sentAt} WHERE id = ANY(${ids}) AND sent_at IS NULL`;
  return { sent: sending.length, failed: 0, invalid };
}

/** Relays until nothing is due (or a send fails): what runs after a response, on the relay's timer and at start-up. */
export async function drainOutbox(deps: RelayDeps): Promise<RelayResult> {
  const total: RelayResult = { sent: 0, failed: 0, invalid: 0 };
  for (let round = 0; round < 50; round++) {
    const { sent, failed, invalid } = await relayOutbox(deps);
    total.sent += sent;
    total.failed += failed;
    total.invalid += invalid;
    if (failed || sent + invalid === 0) break;
  }
  return total;
}

export type WaitingRequests = { count: number; since: string; lastError: string | null; nextAttemptAt: string };

/** The organization's requests not yet accepted by the job queue, for the settings page: counted in SQL. */
export async function findWaitingRequests(db: Db, tenantId: bigint, now: Date): Promise<WaitingRequests | null> {
  // A request a few seconds old is on its way, not waiting, and so is one a relay is sending at
  // this moment (its lease counts an attempt before the send answers): only a send that failed
  // (it leaves last_error) or a request older than that makes it waiting.
  const onItsWay = new Date(now.getTime() - 10_000);
  const [row] = await db.$queryRaw<
    { count: number; since: Date | null; last_error: string | null; next_attempt_at: Date | null }[]
  >`
    SELECT count(*)::int AS count, min(created_at) AS since,
      (array_agg(last_error ORDER BY id) FILTER (WHERE last_error IS NOT NULL))[1] AS last_error,
      (array_agg(next_attempt_at ORDER BY id DESC))[1] AS next_attempt_at
    FROM sync_outbox
    WHERE tenant_id = ${tenantId} AND sent_at IS NULL AND failed_at IS NULL AND kind = 'sync'
      AND (last_error IS NOT NULL OR created_at < ${onItsWay})`;
  if (!row || row.count === 0 || !row.since || !row.next_attempt_at) return null;
  return {
    count: row.count,
    since: row.since.toISOString(),
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at.toISOString(),
  };
}
