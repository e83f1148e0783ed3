import { getDb } from "../db/client";
import type { SyncRequest } from "@/inngest/events";

export type SyncContext = {
  runId: string;
  tenantId: string;
  installationId: string;
  reason: SyncRequest["reason"];
  repository: string;
  branch: string;
  folder: string;
  lastSyncHash: string | null;
  startedAt: string;
};

export type StartOutcome =
  | { kind: "run"; context: SyncContext }
  | { kind: "stop"; status: "skipped" | "failed"; message: string; runId: string };

/**
 * Opens the sync_runs row (reusing the queued row of a Sync Now, and the row of
 * an earlier attempt of the same Inngest run) and reads the connection.
 */
export async function startRun(
  request: SyncRequest & { syncRunId?: string },
  inngestRunId: string,
): Promise<StartOutcome> {
  const db = getDb();
  const tenantId = BigInt(request.tenantId);
  const installation = await db.githubAppInstallation.findFirst({
    where: { installationId: BigInt(request.installationId), tenantId, deletedAt: null },
  });
  const existing =
    (request.syncRunId ? await db.syncRun.findFirst({ where: { id: BigInt(request.syncRunId), tenantId } }) : null) ??
    (await db.syncRun.findFirst({ where: { inngestRunId, tenantId } }));
  const now = new Date();
  const data = { status: "running", inngestRunId, startedAt: now, commit: request.commit ?? null };
  const run = existing
    ? await db.syncRun.update({ where: { id: existing.id }, data })
    : await db.syncRun.create({
        data: { ...data, tenantId, installationId: BigInt(request.installationId), reason: request.reason },
      });
  const runId = run.id.toString();

  const stop = (status: "skipped" | "failed", message: string): StartOutcome => ({
    kind: "stop",
    status,
    message,
    runId,
  });
  if (!installation) return stop("skipped", "GitHub Sync is no longer connected for this organization.");
  if (installation.suspendedAt)
    return stop("failed", "The GitHub App installation is suspended; syncs resume when it is unsuspended.");
  if (installation.brokenReason) return stop("failed", installation.brokenReason);
  if (!installation.repository || !installation.defaultBranch) return stop("skipped", "No repository is chosen yet.");
  return {
    kind: "run",
    context: {
      runId,
      tenantId: request.tenantId,
      installationId: request.installationId,
      reason: request.reason,
      repository: installation.repository,
      branch: installation.defaultBranch,
      folder: installation.folder ?? "",
      lastSyncHash: installation.lastSyncHash,
      startedAt: now.toISOString(),
    },
  };
}

/** Closes a run that did not apply anything. */
export async function finishRun(
  runId: string,
  status: "skipped" | "failed",
  fields: { message?: string; commit?: string; githubRequests?: number; startedAt?: string },
) {
  const finishedAt = new Date();
  await getDb().syncRun.update({
    where: { id: BigInt(runId) },
    data: {
      status,
      error: fields.message ?? null,
      ...(fields.commit ? { commit: fields.commit } : {}),
      githubRequests: { increment: fields.githubRequests ?? 0 },
      finishedAt,
      durationMs: fields.startedAt ? finishedAt.getTime() - Date.parse(fields.startedAt) : null,
    },
  });
  await getDb().syncRunFile.deleteMany({ where: { runId: BigInt(runId) } });
}

/** Marks the tenant's connection broken, so the settings page shows why and pushes stop queuing syncs. */
export async function markBroken(context: SyncContext, message: string) {
  await getDb().githubAppInstallation.updateMany({
    where: { installationId: BigInt(context.installationId), tenantId: BigInt(context.tenantId), deletedAt: null },
    data: { brokenReason: message },
  });
}

export async function addRequests(runId: string, count: number) {
  if (count)
    await getDb().syncRun.update({ where: { id: BigInt(runId) }, data: { githubRequests: { increment: count } } });
}
