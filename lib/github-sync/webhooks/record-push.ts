import type { Db } from "../../db/client";
import { outcomeOf, RECLAIMABLE, settleDelivery, type Delivery } from "./deliveries";
import { decidePush, pushSchema, type PushTarget } from "./handlers/push";
import { processed, type HandlerResult } from "./result";

type Row = {
  claimed: number;
  queued: number;
  tenant_id: bigint | null;
  installation_id: bigint | null;
  repository: string | null;
  repository_id: bigint | null;
  default_branch: string | null;
  suspended_at: Date | null;
  broken_reason: string | null;
};

/**
 * A push in ONE statement, the webhook's hot path under a burst: read the live
 * installation row, claim the delivery and, when the push is to the synced
 * branch of a connection that can sync (`wanted` mirrors decidePush), store the
 * outcome and insert the outbox row. So a request is never recorded without its
 * delivery or lost with it, and one round trip answers. A push that is ignored
 * is claimed `processing` and settled with decidePush's reason afterwards.
 */
const RECORD_PUSH = `
  WITH target AS (
    SELECT tenant_id, installation_id, repository, repository_id, default_branch, suspended_at, broken_reason
    FROM github_app_installations WHERE installation_id = $4 AND deleted_at IS NULL
  ), wanted AS (
    SELECT tenant_id, installation_id FROM target
    WHERE tenant_id IS NOT NULL AND suspended_at IS NULL AND broken_reason IS NULL AND repository IS NOT NULL
      AND default_branch IS NOT NULL AND repository_id = $6 AND NOT $7 AND $8 = 'refs/heads/' || default_branch
  ), claim AS (
    INSERT INTO webhook_deliveries (id, event, action, installation_id, outcome, processed_at)
    SELECT $1, $2, $3, $4, w.outcome, w.processed_at
    FROM (SELECT CASE WHEN EXISTS (SELECT 1 FROM wanted) THEN $5 ELSE 'processing' END AS outcome,
                 CASE WHEN EXISTS (SELECT 1 FROM wanted) THEN now() END AS processed_at) w
    ON CONFLICT (id) DO UPDATE SET attempts = webhook_deliveries.attempts + 1, outcome = excluded.outcome,
      received_at = now(), processed_at = excluded.processed_at
    WHERE ${RECLAIMABLE}
    RETURNING id
  ), queued AS (
    INSERT INTO sync_outbox (tenant_id, installation_id, reason, request)
    SELECT tenant_id, installation_id, 'push', jsonb_build_object('tenantId', tenant_id::text,
      'installationId', installation_id::text, 'reason', 'push', 'commit', $9::text)
    FROM wanted WHERE EXISTS (SELECT 1 FROM claim)
    RETURNING id
  )
  SELECT (SELECT count(*) FROM claim)::int AS claimed, (SELECT count(*) FROM queued)::int AS queued, target.*
  FROM (SELECT 1) AS one LEFT JOIN target ON true`;

/** Records a push delivery and its sync request; null for a duplicate (then nothing is written). */
export async function recordPush(db: Db, delivery: Delivery, payload: unknown): Promise<HandlerResult | null> {
  const push = pushSchema.parse(payload);
  const [row] = await db.$queryRawUnsafe<Row[]>(
    RECORD_PUSH,
    delivery.id,
    delivery.event,
    delivery.action,
    delivery.installationId,
    outcomeOf(processed(`sync requested for ${push.after}`)),
    BigInt(push.repository.id),
    push.deleted,
    push.ref,
    push.after,
  );
  if (!row?.claimed) return null;
  const decided = decidePush(push, targetOf(row));
  if (Boolean(decided.sync) !== (row.queued === 1)) {
    throw new Error(`the push rule and its SQL disagree (${decided.outcome}: ${decided.reason})`);
  }
  if (!decided.sync) await settleDelivery(db, delivery.id, decided);
  return decided;
}

function targetOf(row: Row): PushTarget | null {
  if (row.installation_id === null) return null;
  return {
    installationId: row.installation_id,
    tenantId: row.tenant_id,
    deletedAt: null,
    repository: row.repository,
    repositoryId: row.repository_id,
    defaultBranch: row.default_branch,
    suspendedAt: row.suspended_at,
    brokenReason: row.broken_reason,
  };
}
