import { assertAdmin, type Actor } from "../auth/actor";
import { AppError } from "../errors";
import { findConnection, requireSyncable } from "../github-sync/connection";
import type { SyncDeps } from "./deps";
import type { SyncQueue } from "./request";

const MANUAL_SYNC_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Sync Now: at most once every 5 minutes per organization. The window is taken
 * with one conditional UPDATE, so of two simultaneous clicks exactly one wins;
 * the other gets a 429 saying when the next sync is allowed.
 */
export async function requestManualSync(deps: Pick<SyncDeps, "db" | "now"> & { queue: SyncQueue }, actor: Actor) {
  assertAdmin(actor);
  const { db } = deps;
  const now = deps.now();
  const { record: installation } = requireSyncable(await findConnection(db, actor.tenantId));

  const nextAllowedAt = new Date(now.getTime() + MANUAL_SYNC_INTERVAL_MS);
  const claimed = await db.$executeRaw`
    UPDATE github_app_installations SET manual_sync_available_at = ${nextAllowedAt}
    WHERE id = ${installation.id} AND deleted_at IS NULL
      AND (manual_sync_available_at IS NULL OR manual_sync_available_at <= ${now})`;
  if (claimed === 0) {
    const current = await db.githubAppInstallation.findUniqueOrThrow({
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

  const run = await db.syncRun.create({
    data: { tenantId: actor.tenantId, installationId: installation.installationId, reason: "manual", status: "queued" },
  });
  try {
    await deps.queue.queueSync({
      tenantId: actor.tenantId.toString(),
      installationId: installation.installationId.toString(),
      reason: "manual",
      syncRunId: run.id.toString(),
    });
  } catch (error) {
    console.error("[sync-now] could not queue the sync", error);
    await db.syncRun.update({
      where: { id: run.id },
      data: {
        status: "failed",
        error: "The sync could not be queued: Inngest is unreachable.",
        finishedAt: deps.now(),
      },
    });
    await db.githubAppInstallation.update({ where: { id: installation.id }, data: { manualSyncAvailableAt: null } });
    throw new AppError("unavailable", "The sync could not be queued (Inngest is unreachable). Try again shortly.");
  }
  return { runId: run.id.toString(), nextAllowedAt: nextAllowedAt.toISOString() };
}
