import type { Db } from "../db/client";

type Tx = Pick<Db, "$executeRaw">;

/**
 * Reconnecting after a disconnect: the organization's templates that came from this
 * repository (Disconnect kept their path in `detached_source`) are synced again instead
 * of being created a second time. Only paths the run's head still lists are adopted
 * (one template per path, the latest edited); the sync then updates them from their
 * files (sync_sha cleared), and the rest stay the organization's own. Runs inside the
 * apply transaction, before the plan reads the synced templates.
 */
export async function adoptDetached(tx: Tx, tenantId: bigint, runId: bigint, repositoryId: bigint) {
  return tx.$executeRaw`
    UPDATE templates t SET sync_source = t.detached_source, sync_sha = NULL,
      detached_source = NULL, detached_repository_id = NULL
    WHERE t.id IN (
      SELECT DISTINCT ON (d.detached_source) d.id FROM templates d
      JOIN sync_run_listing l ON l.run_id = ${runId} AND l.path = d.detached_source
      WHERE d.tenant_id = ${tenantId} AND d.sync_source IS NULL AND d.deleted_at IS NULL
        AND d.detached_repository_id = ${repositoryId}
        AND NOT EXISTS (
          SELECT 1 FROM templates s WHERE s.tenant_id = d.tenant_id AND s.sync_source = d.detached_source)
      ORDER BY d.detached_source, d.updated_at DESC, d.id DESC)`;
}
