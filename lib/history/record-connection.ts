import type { Prisma } from "../db/generated/client.ts";

type Tx = Pick<Prisma.TransactionClient, "$executeRaw">;

type Event = { tenantId: bigint; userId?: bigint | null; now: Date };

/**
 * Disconnect as a version of every template the organization's sync managed (deleted ones
 * included), written before the disconnect clears `sync_source`: the path it had and its text.
 */
export async function recordDisconnect(tx: Tx, { tenantId, userId = null, now }: Event) {
  await tx.$executeRaw`
    WITH texts AS MATERIALIZED (
      SELECT t.id, t.sync_source, t.sync_sha, x.body, sha256(convert_to(x.body, 'UTF8')) AS hash
      FROM templates t CROSS JOIN LATERAL (SELECT COALESCE(t.source_text, t.content::text) AS body) x
      WHERE t.tenant_id = ${tenantId} AND t.sync_source IS NOT NULL
    ), stored AS (
      INSERT INTO template_texts (sha256, text) SELECT DISTINCT ON (hash) hash, body FROM texts ON CONFLICT DO NOTHING
    )
    INSERT INTO template_versions (tenant_id, template_id, source, event, text_sha256, path, blob_sha, user_id, created_at)
    SELECT ${tenantId}, id, 'allegro', 'disconnected', hash, sync_source, sync_sha, ${userId}, ${now}
    FROM texts ORDER BY sync_source, id`;
}

/**
 * Reconnect (an installation linked to the organization again) as a version of each live
 * template whose last connection event is a disconnect: the text it has now, the path it had.
 */
export async function recordReconnect(tx: Tx, { tenantId, userId = null, now }: Event) {
  await tx.$executeRaw`
    WITH texts AS MATERIALIZED (
      SELECT t.id, e.path, x.body, sha256(convert_to(x.body, 'UTF8')) AS hash
      FROM templates t
      CROSS JOIN LATERAL (
        SELECT v.event, v.path FROM template_versions v
        WHERE v.template_id = t.id AND v.event IN ('disconnected', 'reconnected')
        ORDER BY v.id DESC LIMIT 1
      ) e
      CROSS JOIN LATERAL (SELECT COALESCE(t.source_text, t.content::text) AS body) x
      WHERE t.tenant_id = ${tenantId} AND t.deleted_at IS NULL AND t.sync_source IS NULL AND e.event = 'disconnected'
    ), stored AS (
      INSERT INTO template_texts (sha256, text) SELECT DISTINCT ON (hash) hash, body FROM texts ON CONFLICT DO NOTHING
    )
    INSERT INTO template_versions (tenant_id, template_id, source, event, text_sha256, path, user_id, created_at)
    SELECT ${tenantId}, id, 'allegro', 'reconnected', hash, path, ${userId}, ${now}
    FROM texts ORDER BY path, id`;
}
