import type { Db } from "../../db/client";
import { groupCommit } from "../../db/group-commit";
import { outcomeOf, RECLAIMABLE, settleDelivery, type Delivery } from "./deliveries";
import { decidePush, pushSchema, type Push, type PushTarget } from "./handlers/push";
import { processed, type HandlerResult } from "./result";

type Row = {
  n: number;
  claimed: boolean;
  wanted: boolean;
  queued_total: number;
  tenant_id: bigint | null;
  installation_id: bigint | null;
  repository: string | null;
  repository_id: bigint | null;
  default_branch: string | null;
  suspended_at: Date | null;
  broken_reason: string | null;
};
type Entry = { delivery: Delivery; push: Push };

/**
 * Pushes in ONE statement per batch, the webhook's hot path under a burst: read
 * the live installation row of each push, claim each delivery and, when a push
 * is to the synced branch of a connection that can sync (`wanted` mirrors
 * decidePush), store its outcome and insert its outbox row, or merge into the
 * organization's pending one (the latest push wins). So a request is never
 * recorded without its delivery or lost with it. Pushes that arrive while
 * a batch is on its way are written together in the next (group commit), so a
 * burst of 100 costs a few statements, and a lone push one round trip. A push
 * that is ignored is claimed `processing` and settled with decidePush's reason
 * afterwards.
 */
const RECORD_PUSHES = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(n int, id text, event text, action text, installation_id bigint,
      outcome text, repository_id bigint, deleted boolean, ref text, after text)
  ), target AS (
    SELECT i.n, g.tenant_id, g.installation_id, g.repository, g.repository_id, g.default_branch, g.suspended_at,
      g.broken_reason
    FROM input i JOIN github_app_installations g ON g.installation_id = i.installation_id AND g.deleted_at IS NULL
  ), wanted AS (
    SELECT t.n, t.tenant_id, t.installation_id, i.after FROM target t JOIN input i ON i.n = t.n
    WHERE t.tenant_id IS NOT NULL AND t.suspended_at IS NULL AND t.broken_reason IS NULL AND t.repository IS NOT NULL
      AND t.default_branch IS NOT NULL AND t.repository_id = i.repository_id AND NOT i.deleted
      AND i.ref = 'refs/heads/' || t.default_branch
  ), claim AS (
    INSERT INTO webhook_deliveries (id, event, action, installation_id, outcome, processed_at)
    SELECT i.id, i.event, i.action, i.installation_id,
      CASE WHEN w.n IS NOT NULL THEN i.outcome ELSE 'processing' END,
      CASE WHEN w.n IS NOT NULL THEN now() END
    FROM input i LEFT JOIN wanted w ON w.n = i.n
    ON CONFLICT (id) DO UPDATE SET attempts = webhook_deliveries.attempts + 1, outcome = excluded.outcome,
      received_at = now(), processed_at = excluded.processed_at
    WHERE ${RECLAIMABLE}
    RETURNING id
  ), queued AS (
    INSERT INTO sync_outbox (tenant_id, installation_id, reason, request)
    SELECT DISTINCT ON (w.tenant_id) w.tenant_id, w.installation_id, 'push', jsonb_build_object(
      'tenantId', w.tenant_id::text, 'installationId', w.installation_id::text, 'reason', 'push', 'commit', w.after)
    FROM wanted w JOIN input i ON i.n = w.n WHERE i.id IN (SELECT id FROM claim)
    ORDER BY w.tenant_id, w.n DESC
    ON CONFLICT (tenant_id) WHERE sent_at IS NULL AND failed_at IS NULL AND kind = 'sync'
      AND reason IN ('push', 'connect', 'reconcile')
    DO UPDATE SET installation_id = excluded.installation_id, reason = excluded.reason, request = excluded.request,
      revision = sync_outbox.revision + 1
    RETURNING id
  )
  SELECT i.n, i.id IN (SELECT id FROM claim) AS claimed, w.n IS NOT NULL AS wanted,
    (SELECT count(*) FROM queued)::int AS queued_total, t.tenant_id, t.installation_id, t.repository,
    t.repository_id, t.default_branch, t.suspended_at, t.broken_reason
  FROM input i LEFT JOIN target t ON t.n = i.n LEFT JOIN wanted w ON w.n = i.n
  ORDER BY i.n`;

async function recordPushes(db: Db, entries: Entry[]): Promise<Row[]> {
  const input = entries.map(({ delivery, push }, n) => ({
    n,
    id: delivery.id,
    event: delivery.event,
    action: delivery.action,
    installation_id: delivery.installationId?.toString() ?? null,
    outcome: outcomeOf(processed(`sync requested for ${push.after}`)),
    repository_id: String(push.repository.id),
    deleted: push.deleted,
    ref: push.ref,
    after: push.after,
  }));
  const rows = await db.$queryRawUnsafe<Row[]>(RECORD_PUSHES, JSON.stringify(input));
  // One pending request per organization: its pushes merge into its one outbox row (lib/sync/outbox.ts).
  const queued = new Set(rows.filter((row) => row.claimed && row.wanted).map((row) => String(row.tenant_id))).size;
  if (rows.some((row) => row.queued_total !== queued)) {
    throw new Error(
      `${queued} organizations had pushes wanted and claimed but ${rows[0]?.queued_total} sync requests queued`,
    );
  }
  return rows;
}

/** One writer per database client: its pushes are recorded in batches (group commit). */
const writers = new WeakMap<Db, (entry: Entry) => Promise<Row>>();
function writerFor(db: Db) {
  let writer = writers.get(db);
  if (!writer) {
    // A delivery id twice in one batch would make its ON CONFLICT touch one row twice.
    writer = groupCommit((entries: Entry[]) => recordPushes(db, entries), { keyOf: (e) => e.delivery.id });
    writers.set(db, writer);
  }
  return writer;
}

/** Records a push delivery and its sync request; null for a duplicate (then nothing is written). */
export async function recordPush(db: Db, delivery: Delivery, payload: unknown): Promise<HandlerResult | null> {
  const push = pushSchema.parse(payload);
  const row = await writerFor(db)({ delivery, push });
  if (!row.claimed) return null;
  const decided = decidePush(push, targetOf(row));
  if (Boolean(decided.sync) !== row.wanted) {
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
