import { assertAdmin, type Actor } from "../auth/actor";
import { AppError } from "../errors";
import { findConnection, requireSyncable } from "../github-sync/connection";
import type { SyncDeps } from "./deps";
import { outboxQueue } from "./outbox";

export const MANUAL_SYNC_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Sync Now: at most once every 5 minutes per organization. The window is taken
 * with one conditional UPDATE, so of two simultaneous clicks exactly one wins;
 * the other gets a 429 saying when the next sync is allowed. The window, the
 * queued run and the outbox row commit together: once accepted, the request
 * waits in the outbox until the job queue takes it, and the window stands.
 */
export async function requestManualSync(deps: Pick<SyncDeps, "db" | "now">, actor: Actor) {
  assertAdmin(actor);
  const now = deps.now();
  const { record: installation } = requireSyncable(await findConnection(deps.db, actor.tenantId));
  const nextAllowedAt = new Date(now.getTime() + MANUAL_SYNC_INTERVAL_MS);

  const runId = await deps.db.$transaction(async (tx) => {
    const claimed = await tx.$executeRaw`
      UPDATE github_app_installations SET manual_sync_available_at = ${nextAllowedAt}
      WHERE id = ${installation.id} AND deleted_at IS NULL
        AND (manual_sync_available_at IS NULL OR manual_sync_available_at <= ${now})`;
    if (claimed === 0) return null;
    const run = await tx.syncRun.create({
      data: {
        tenantId: actor.tenantId,
        installationId: installation.installationId,
        reason: "manual",
        status: "queued",
        // The window ends exactly MANUAL_SYNC_INTERVAL_MS after this: the watchdog recognises its own window by it.
        createdAt: now,
      },
    });
    await outboxQueue(tx).queueSync({
      tenantId: actor.tenantId.toString(),
      installationId: installation.installationId.toString(),
      reason: "manual",
      syncRunId: run.id.toString(),
    });
    return run.id.toString();
  });
  if (runId === null) {
    const current = await deps.db.githubAppInstallation.findUniqueOrThrow({
      where: { id: installation.id },
      select: { manualSyncAvailableAt: true },
    });
    const retryAt = current.manualSyncAvailableAt ?? nextAllowedAt;
    throw new AppError(
      "rate_limited",
      `Sync Now is limited to once every 5 minutes. The next sync is allowed at ${retryAt.toISOString()}.`,
      { retryAt: retryAt.toISOString() },
    );
  }
  return { runId, nextAllowedAt: nextAllowedAt.toISOString() };
}
