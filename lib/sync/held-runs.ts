import type { Db } from "../db/client";

type Tx = Pick<Db, "$executeRaw">;

/**
 * Inside the apply transaction: a run that read the branch again (held or
 * applied) answers the plans still waiting for a decision, so only the newest
 * one is ever shown for confirmation and no older one can be confirmed.
 */
export function closeEarlierHeldRuns(tx: Tx, tenantId: bigint, runId: bigint) {
  return tx.$executeRaw`
    UPDATE sync_runs SET status = 'skipped', error = 'Not applied: a later sync read the branch again.'
    WHERE tenant_id = ${tenantId} AND status = 'needs_confirmation' AND id <> ${runId}`;
}

/**
 * Inside the apply transaction: remember the held-back head, so reconcile and
 * pushes of the same head do not ask again, and count it as read, so a run that
 * read an older head cannot apply behind it.
 */
export function rememberHeldHead(tx: Tx, installationRowId: bigint, head: { sha: string; resolvedAt: string }) {
  return tx.$executeRaw`
    UPDATE github_app_installations
    SET held_sync_hash = ${head.sha}, last_sync_resolved_at = ${new Date(head.resolvedAt)}, updated_at = now()
    WHERE id = ${installationRowId}`;
}
