import type { Db } from "../../db/client";
import { checkRequestSchema } from "../../checks/request";
import { syncRequestSchema } from "../../sync/request";
import { deliveryRequestSchema } from "./delivery-request";
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

/**
 * For a delivery decided in the request (a pull request, a ping, an ignored or malformed event) or
 * handed to the delivery job: claims the delivery, stores its outcome and, when it asks for a sync,
 * a check or the delivery job, inserts the outbox row (the job's delivery also keeps its body, which
 * the job reads; a pull request Allegro opened also gets its proposal's state), all in ONE statement, so work is never recorded without its delivery or lost
 * with it, and no transaction holds a connection across round trips under a burst.
 * False for a duplicate (then nothing is written).
 */
export async function recordDecision(db: Db, d: Delivery, result: HandlerResult, payload?: unknown): Promise<boolean> {
  const check = result.check ? checkRequestSchema.parse(result.check) : null;
  const job = result.delivery ? deliveryRequestSchema.parse(result.delivery) : null;
  const work = result.sync ? syncRequestSchema.parse(result.sync) : (check ?? job);
  const reason = result.sync
    ? result.sync.reason
    : check
      ? `check:${check.trigger}`
      : job
        ? `delivery:${job.event}`
        : null;
  const [row] = await db.$queryRawUnsafe<{ claimed: number }[]>(
    `WITH claim AS (
       INSERT INTO webhook_deliveries (id, event, action, installation_id, outcome, processed_at, payload)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $11 THEN NULL ELSE now() END, $12::jsonb)
       ON CONFLICT (id) DO UPDATE SET attempts = webhook_deliveries.attempts + 1, outcome = excluded.outcome,
         received_at = now(), processed_at = excluded.processed_at, payload = excluded.payload
       WHERE ${RECLAIMABLE}
       RETURNING id
     ), queued AS (
       INSERT INTO sync_outbox (tenant_id, installation_id, reason, request, kind)
       SELECT $6::bigint, $7::bigint, $8, $9::jsonb, $10 FROM claim WHERE $7::bigint IS NOT NULL
       RETURNING id
     )
     , proposal AS (
       UPDATE template_proposals p SET state = $13, head_sha = $14, state_at = $16::timestamptz, updated_at = now(),
         merge_commit_sha = COALESCE($15, p.merge_commit_sha)
       FROM claim
       WHERE $13::text IS NOT NULL AND p.repository_id = $17::bigint AND p.number = $18::int
         AND p.installation_id = $4::bigint AND p.state <> 'merged'
         AND (p.state_at IS NULL OR p.state_at <= $16::timestamptz)
       RETURNING p.id
     )
     SELECT (SELECT count(*) FROM claim)::int AS claimed, (SELECT count(*) FROM queued)::int AS queued`,
    d.id,
    d.event,
    d.action,
    d.installationId,
    outcomeOf(result),
    work && "tenantId" in work ? BigInt(work.tenantId) : null,
    work ? BigInt(work.installationId) : null,
    reason,
    work ? JSON.stringify(work) : null,
    check ? "check" : job ? "delivery" : "sync",
    Boolean(job),
    job ? JSON.stringify(payload) : null,
    // A proposal's state (lib/proposals/webhook-state.ts), in the same statement.
    result.proposal?.state ?? null,
    result.proposal?.headSha ?? null,
    result.proposal?.mergeCommitSha ?? null,
    result.proposal?.at ?? null,
    result.proposal ? BigInt(result.proposal.repositoryId) : null,
    result.proposal?.number ?? null,
  );
  return row?.claimed === 1;
}

/** After a failed attempt: remember it, so GitHub's "Redeliver" processes it again. */
export async function recordFailure(db: Db, d: Delivery, message: string) {
  await db.$executeRaw`
    INSERT INTO webhook_deliveries (id, event, action, installation_id, outcome, processed_at)
    VALUES (${d.id}, ${d.event}, ${d.action}, ${d.installationId}, ${`failed: ${message}`.slice(0, 500)}, now())
    ON CONFLICT (id) DO UPDATE SET outcome = excluded.outcome, processed_at = now()`;
}
