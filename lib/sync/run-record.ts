import type { Prisma } from "../db/client";
import { findConnectionByInstallation } from "../github-sync/connection";
import { noteConnectionOf, noteRunOutcome } from "../notifications/transitions";
import type { SyncDeps } from "./deps";
import { recordSyncEnded } from "./observe";
import type { SyncReason, SyncRequest } from "./request";
import { clearStaging } from "./staging";

/**
 * The writes of sync_runs outside the apply transaction: opening a run,
 * closing one that applied nothing, counting its GitHub requests, closing a
 * run the job gave up on, and marking the connection broken.
 */
export type SyncContext = {
  runId: string;
  tenantId: string;
  installationId: string;
  reason: SyncReason;
  repository: string;
  branch: string;
  folder: string;
  lastSyncHash: string | null;
  /** The head the mass-delete guard held back, if any (a push or reconcile of it applies nothing). */
  heldSyncHash: string | null;
  startedAt: string;
};

export type StartOutcome =
  | { kind: "run"; context: SyncContext }
  | { kind: "stop"; status: "skipped" | "failed"; message: string; runId: string };

/**
 * Opens the sync_runs row. It takes over only a row still waiting for it: the
 * queued row of a Sync Now or Apply anyway, or the open row of an earlier attempt
 * of the same Inngest run (a retried step). A replayed or late run whose row has
 * already ended (applied, failed, closed by the watchdog) records a new run
 * instead, so it never reopens a finished row.
 */
export async function startRun(deps: SyncDeps, request: SyncRequest, inngestRunId: string): Promise<StartOutcome> {
  const { db } = deps;
  const tenantId = BigInt(request.tenantId);
  const connection = await findConnectionByInstallation(db, BigInt(request.installationId));
  const now = deps.now();
  const data = { status: "running", inngestRunId, startedAt: now, progressAt: now, commit: request.commit ?? null };
  const takeOver = async (where: Prisma.SyncRunWhereInput) => {
    const candidate = await db.syncRun.findFirst({ where: { ...where, tenantId }, select: { id: true } });
    if (!candidate) return null;
    // Conditional: of a replay racing the first delivery, or the watchdog closing it, one wins.
    const { count } = await db.syncRun.updateMany({ where: { id: candidate.id, ...where }, data });
    return count ? candidate.id : null;
  };
  const takenOver =
    (request.syncRunId
      ? await takeOver({ id: BigInt(request.syncRunId), status: "queued", finishedAt: null })
      : null) ?? (await takeOver({ inngestRunId, status: "running", finishedAt: null }));
  const run = takenOver
    ? { id: takenOver }
    : await db.syncRun.create({
        data: { ...data, tenantId, installationId: BigInt(request.installationId), reason: request.reason },
      });
  const runId = run.id.toString();

  const record = connection.record;
  if (!record || record.tenantId !== tenantId || connection.state === "not_connected") {
    return { kind: "stop", status: "skipped", message: "GitHub Sync is not connected for this organization.", runId };
  }
  if (connection.state === "no_repository") {
    return { kind: "stop", status: "skipped", message: connection.reason!, runId };
  }
  if (connection.state !== "connected") {
    return { kind: "stop", status: "failed", message: connection.reason ?? connection.summary, runId };
  }
  return {
    kind: "run",
    context: {
      runId,
      tenantId: request.tenantId,
      installationId: request.installationId,
      reason: request.reason,
      repository: record.repository!,
      branch: record.defaultBranch!,
      folder: record.folder ?? "",
      lastSyncHash: record.lastSyncHash,
      heldSyncHash: record.heldSyncHash,
      startedAt: now.toISOString(),
    },
  };
}

/** Closes a run that did not apply anything. */
export async function finishRun(
  deps: SyncDeps,
  runId: string,
  status: "skipped" | "failed",
  fields: { message?: string; commit?: string; startedAt?: string },
) {
  const finishedAt = deps.now();
  const run = await deps.db.$transaction(async (tx) => {
    const run = await tx.syncRun.update({
      where: { id: BigInt(runId) },
      data: {
        status,
        error: fields.message ?? null,
        ...(fields.commit ? { commit: fields.commit } : {}),
        finishedAt,
        durationMs: fields.startedAt ? finishedAt.getTime() - Date.parse(fields.startedAt) : null,
      },
    });
    await noteRunOutcome(tx, { tenantId: run.tenantId, runId, status, commit: run.commit, message: fields.message });
    return run;
  });
  recordSyncEnded(run.reason, status, run.durationMs);
  await clearStaging(deps.db, BigInt(runId));
}

/**
 * Closes the runs of a job that gave up (its retries spent) or was cancelled,
 * found by the job run id and by the sync_runs row the request carried, so
 * none stays "queued" or "running".
 */
export async function failAbandonedRun(
  deps: SyncDeps,
  ids: { inngestRunId?: string; syncRunId?: string },
  message: string,
  status: "failed" | "cancelled" = "failed",
) {
  const match = [
    ...(ids.inngestRunId ? [{ inngestRunId: ids.inngestRunId }] : []),
    ...(ids.syncRunId && /^\d+$/.test(ids.syncRunId) ? [{ id: BigInt(ids.syncRunId) }] : []),
  ];
  if (!match.length) return 0;
  const closed = await deps.db.$transaction(async (tx) => {
    // Only the runs this statement closed: one closed meanwhile by someone else is left as it ended.
    const runs = await tx.syncRun.updateManyAndReturn({
      where: { OR: match, status: { in: ["queued", "running"] }, finishedAt: null },
      data: { status, error: message.slice(0, 1000), finishedAt: deps.now() },
      select: { id: true, tenantId: true, commit: true, reason: true },
    });
    // A failed or cancelled run applies nothing more: its staged listing and files go with it.
    for (const run of runs) {
      await clearStaging(tx, run.id);
      await noteRunOutcome(tx, { tenantId: run.tenantId, runId: run.id, status, commit: run.commit, message });
    }
    return runs;
  });
  for (const run of closed) recordSyncEnded(run.reason, status, null);
  return closed.length;
}

/** Marks the tenant's connection broken, so the settings page shows why and pushes stop queuing syncs. */
export async function markBroken(deps: SyncDeps, context: SyncContext, message: string) {
  await deps.db.$transaction(async (tx) => {
    await tx.githubAppInstallation.updateMany({
      where: { installationId: BigInt(context.installationId), tenantId: BigInt(context.tenantId), deletedAt: null },
      data: { brokenReason: message },
    });
    await noteConnectionOf(tx, BigInt(context.installationId));
  });
}

/**
 * Counts a step's GitHub requests (and those answered 304, which cost no rate limit); the step
 * also counts as progress for the watchdog (lib/sync/watchdog.ts).
 */
export async function addRequests(deps: SyncDeps, runId: string, count: number, notModified = 0) {
  await deps.db.syncRun.update({
    where: { id: BigInt(runId) },
    data: { githubRequests: { increment: count }, notModified: { increment: notModified }, progressAt: deps.now() },
  });
}
