import { z } from "../zod";
import { assertAdmin, type Actor } from "../auth/actor";
import { AppError } from "../errors";
import { commitUrl } from "../github/links";
import { findConnection, liveConnectionOf, requireSyncable, type InstallationRecord } from "../github-sync/connection";
import type { SyncDeps } from "./deps";
import { parseHeldPlan, type HeldPlan } from "./held-plan";
import { outboxQueue } from "./outbox";

/** A plan the mass-delete guard held back, waiting for an admin's decision on the settings page. */
export type PendingConfirmation = {
  runId: string;
  commit: string;
  commitUrl: string | null;
  message: string;
  plan: HeldPlan;
};

/** The organization's held plan still waiting for a decision: the newest run held for the connection's held head. */
export async function findPendingConfirmation(
  deps: Pick<SyncDeps, "db">,
  actor: Actor,
  /** The connection row when the caller already read it (the settings page reads it once). */
  loaded?: InstallationRecord | null,
): Promise<PendingConfirmation | null> {
  assertAdmin(actor);
  const connection =
    loaded !== undefined
      ? loaded
      : await deps.db.githubAppInstallation.findFirst({
          where: liveConnectionOf(actor.tenantId),
          select: { heldSyncHash: true, repositoryUrl: true },
        });
  if (!connection?.heldSyncHash) return null;
  const run = await deps.db.syncRun.findFirst({
    where: { tenantId: actor.tenantId, status: "needs_confirmation", commit: connection.heldSyncHash },
    orderBy: { id: "desc" },
  });
  const plan = parseHeldPlan(run?.heldPlan);
  if (!run || !plan) return null;
  return {
    runId: run.id.toString(),
    commit: connection.heldSyncHash,
    commitUrl: commitUrl(connection.repositoryUrl, connection.heldSyncHash),
    message: run.error ?? "",
    plan,
  };
}

export const deleteDecisionSchema = z.object({ decision: z.enum(["apply_anyway", "keep_current"]) });
export type DeleteDecision = z.infer<typeof deleteDecisionSchema>["decision"];

const ANSWERED = "This plan was already decided, or a later sync replaced it. Reload the page to see the latest.";

/**
 * An admin's answer to a held plan. Apply anyway allows deleting for exactly
 * the held commit and queues a sync through the outbox (not Sync Now's window):
 * if the head moved meanwhile, that sync plans the new head and the guard
 * judges it again. Keep current templates closes the run and keeps the commit
 * held, so neither reconcile nor a push of the same head asks again.
 * The run is answered with one conditional UPDATE, so of two clicks one wins.
 */
export async function decideHeldPlan(
  deps: Pick<SyncDeps, "db">,
  actor: Actor,
  runId: string,
  decision: DeleteDecision,
): Promise<{ decision: DeleteDecision; runId?: string }> {
  assertAdmin(actor);
  if (!/^\d{1,18}$/.test(runId)) throw new AppError("not_found", "No such sync run.");
  const { record } = requireSyncable(await findConnection(deps.db, actor.tenantId));
  const [status, message] =
    decision === "apply_anyway"
      ? ["confirmed", `${actor.userName} chose Apply anyway; a new sync applies this commit.`]
      : ["kept_current", `${actor.userName} kept the current templates; this commit is not applied.`];

  return deps.db.$transaction(async (tx) => {
    // Serializes with the apply step, which holds the same row while it holds or applies a head.
    await tx.$queryRaw`SELECT id FROM github_app_installations WHERE id = ${record.id} FOR UPDATE`;
    const [answered] = await tx.$queryRaw<{ commit: string }[]>`
      UPDATE sync_runs r SET status = ${status}, error = ${message}
      FROM github_app_installations i
      WHERE r.id = ${BigInt(runId)} AND r.tenant_id = ${actor.tenantId} AND r.status = 'needs_confirmation'
        AND i.id = ${record.id} AND i.deleted_at IS NULL AND i.held_sync_hash = r.commit
      RETURNING r.commit`;
    if (!answered) {
      const run = await tx.syncRun.findFirst({ where: { id: BigInt(runId), tenantId: actor.tenantId } });
      throw run ? new AppError("conflict", ANSWERED) : new AppError("not_found", "No such sync run.");
    }
    if (decision === "keep_current") return { decision };

    await tx.githubAppInstallation.update({
      where: { id: record.id },
      data: { deleteConfirmedHash: answered.commit, heldSyncHash: null },
    });
    const run = await tx.syncRun.create({
      data: { tenantId: actor.tenantId, installationId: record.installationId, reason: "confirm", status: "queued" },
    });
    await outboxQueue(tx).queueSync({
      tenantId: actor.tenantId.toString(),
      installationId: record.installationId.toString(),
      reason: "confirm",
      syncRunId: run.id.toString(),
    });
    return { decision, runId: run.id.toString() };
  });
}
