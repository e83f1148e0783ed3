import type { Db } from "../db/client";
import type { ApplyPlan, ListedForApply, SyncedRow } from "./apply-plan";

type Tx = Pick<Db, "$executeRaw" | "$queryRaw">;
type Scope = { tenantId: bigint; runId: bigint; now: Date };

/** What apply needs to decide: the listing with each file's fetch outcome (content stays in the database). */
export function readListingForApply(tx: Tx, runId: bigint) {
  return tx.$queryRaw<ListedForApply[]>`
    SELECT l.path, l.sha, l.previous_path AS "previousPath", f.path IS NOT NULL AS fetched, f.problem
    FROM sync_run_listing l LEFT JOIN sync_run_files f ON f.run_id = l.run_id AND f.path = l.path
    WHERE l.run_id = ${runId} ORDER BY l.path`;
}

export function readSyncedTemplates(tx: Tx, tenantId: bigint) {
  return tx.$queryRaw<SyncedRow[]>`
    SELECT id, sync_source AS "syncSource", sync_sha AS "syncSha", deleted_at AS "deletedAt"
    FROM templates WHERE tenant_id = ${tenantId} AND sync_source IS NOT NULL`;
}

const ids = (values: bigint[]) => values.map(String);

/**
 * The plan's writes as set-based statements: one per kind of change, whatever
 * the number of files. Created and updated content is copied from the staged
 * files inside PostgreSQL, never through this process.
 */
export async function writePlan(tx: Tx, { tenantId, runId, now }: Scope, plan: ApplyPlan) {
  if (plan.moves.length)
    await tx.$executeRaw`
      UPDATE templates t SET sync_source = m.path, updated_at = ${now}
      FROM unnest(${ids(plan.moves.map((m) => m.id))}::bigint[], ${plan.moves.map((m) => m.path)}::text[]) AS m(id, path)
      WHERE t.id = m.id AND t.tenant_id = ${tenantId}`;
  if (plan.updates.length)
    await tx.$executeRaw`
      UPDATE templates t
      SET name = f.name, description = f.description, content = f.content, source_text = f.source_text, sync_sha = f.sha,
          deleted_at = NULL, updated_at = ${now}
      FROM unnest(${ids(plan.updates.map((u) => u.id))}::bigint[], ${plan.updates.map((u) => u.path)}::text[]) AS u(id, path)
      JOIN sync_run_files f ON f.run_id = ${runId} AND f.path = u.path
      WHERE t.id = u.id AND t.tenant_id = ${tenantId}`;
  if (plan.revivals.length)
    await tx.$executeRaw`
      UPDATE templates SET deleted_at = NULL, updated_at = ${now}
      WHERE tenant_id = ${tenantId} AND id = ANY(${ids(plan.revivals)}::bigint[])`;
  // The created ids go to the history's versions (lib/history/record-sync.ts).
  const created = plan.creates.length
    ? await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO templates (tenant_id, name, description, content, source_text, sync_source, sync_sha, created_at, updated_at)
      SELECT ${tenantId}, f.name, f.description, f.content, f.source_text, f.path, f.sha, ${now}, ${now}
      FROM unnest(${plan.creates}::text[]) AS c(path)
      JOIN sync_run_files f ON f.run_id = ${runId} AND f.path = c.path
      RETURNING id`
    : [];
  if (plan.deletes.length)
    await tx.$executeRaw`
      UPDATE templates SET deleted_at = ${now}, updated_at = ${now}
      WHERE tenant_id = ${tenantId} AND id = ANY(${ids(plan.deletes)}::bigint[])`;
  return { createdIds: created.map((row) => row.id) };
}
