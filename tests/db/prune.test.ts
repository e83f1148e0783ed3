import { describe, expect, it } from "vitest";
import { FAILURE_WINDOW_MS } from "@/lib/auth/login-throttle";
import { getDb } from "@/lib/db/client";
import { pruneExpired, RETENTION } from "@/lib/maintenance/prune";
import { createActor, unique } from "../helpers/factories";

const HOUR = 60 * 60 * 1000;

describe("pruneExpired", () => {
  it("deletes what nobody can use any more and keeps everything live, waiting or in progress", async () => {
    const db = getDb();
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const later = new Date(now.getTime() + HOUR);
    const actor = await createActor();
    const owner = { userId: actor.userId, tenantId: actor.tenantId };

    const session = (id: string, expiresAt: Date, revokedAt: Date | null = null) =>
      db.userSession.create({ data: { id: unique(id), ...owner, expiresAt, revokedAt } });
    const expired = await session("expired", ago(1));
    const signedOut = await session("signed-out", later, ago(HOUR));
    const live = await session("live", later);

    const throttle = (key: string, windowStartedAt: Date) =>
      db.loginThrottle.create({ data: { scope: "email", key: unique(key), failures: 3, windowStartedAt } });
    const passed = await throttle("passed", ago(FAILURE_WINDOW_MS + 1000));
    const current = await throttle("current", ago(1000));

    const nonce = (name: string, expiresAt: Date) =>
      db.githubInstallNonce.create({ data: { nonce: unique(name), ...owner, expiresAt } });
    const staleNonce = await nonce("stale", ago(25 * HOUR));
    const freshNonce = await nonce("fresh", later);

    const outbox = (sentAt: Date | null, createdAt: Date) =>
      db.syncOutbox.create({
        data: { tenantId: actor.tenantId, installationId: 1n, reason: "push", request: {}, sentAt, createdAt },
      });
    const oldSent = await outbox(ago(RETENTION.sentOutboxMs + HOUR), ago(RETENTION.sentOutboxMs + HOUR));
    const recentSent = await outbox(ago(HOUR), ago(HOUR));
    const oldUnsent = await outbox(null, ago(RETENTION.sentOutboxMs + HOUR));

    const delivery = (outcome: string, receivedAt: Date) =>
      db.webhookDelivery.create({ data: { id: unique("delivery"), event: "push", outcome, receivedAt } });
    const oldDelivery = await delivery("processed", ago(RETENTION.webhookDeliveriesMs + HOUR));
    const oldProcessing = await delivery("processing", ago(RETENTION.webhookDeliveriesMs + HOUR));
    const recentDelivery = await delivery("ignored: not the synced branch", ago(HOUR));

    const pruned = await pruneExpired(db, now);
    expect(pruned.sessions).toBeGreaterThanOrEqual(2);
    expect(pruned.sentOutbox).toBeGreaterThanOrEqual(1);

    const sessions = await db.userSession.findMany({ where: { userId: actor.userId }, select: { id: true } });
    expect(sessions.map((s) => s.id)).toEqual([live.id]);
    expect(expired.id).not.toBe(live.id);
    expect(signedOut.id).not.toBe(live.id);

    const throttles = await db.loginThrottle.findMany({ where: { key: { in: [passed.key, current.key] } } });
    expect(throttles.map((t) => t.key)).toEqual([current.key]);

    const nonces = await db.githubInstallNonce.findMany({
      where: { nonce: { in: [staleNonce.nonce, freshNonce.nonce] } },
    });
    expect(nonces.map((n) => n.nonce)).toEqual([freshNonce.nonce]);

    const rows = await db.syncOutbox.findMany({ where: { tenantId: actor.tenantId }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.id)).toEqual([recentSent.id, oldUnsent.id]);
    expect(oldSent.id).toBeLessThan(recentSent.id);

    const deliveries = await db.webhookDelivery.findMany({
      where: { id: { in: [oldDelivery.id, oldProcessing.id, recentDelivery.id] } },
      orderBy: { receivedAt: "asc" },
    });
    expect(deliveries.map((d) => d.id)).toEqual([oldProcessing.id, recentDelivery.id]);
  });

  it("keeps the last 500 runs of each organization and every run of the last 90 days; drops ended runs' staging", async () => {
    const db = getDb();
    const now = new Date();
    const actor = await createActor();
    const old = new Date(now.getTime() - RETENTION.syncRunsMs - HOUR);
    const run = (createdAt: Date, status = "succeeded", finished = true) => ({
      tenantId: actor.tenantId,
      installationId: 1n,
      reason: "push",
      status,
      createdAt,
      finishedAt: finished ? createdAt : null,
    });
    // The oldest: held for a decision, still running, the latest success; then 510 old skipped runs, then 3 recent.
    const held = await db.syncRun.create({ data: run(old, "needs_confirmation") });
    const open = await db.syncRun.create({ data: run(old, "running", false) });
    const success = await db.syncRun.create({ data: run(old, "succeeded") });
    await db.syncRun.createMany({ data: Array.from({ length: 510 }, () => run(old, "skipped")) });
    await db.syncRun.createMany({
      data: Array.from({ length: 3 }, () => run(new Date(now.getTime() - HOUR), "skipped")),
    });
    const all = await db.syncRun.findMany({ where: { tenantId: actor.tenantId }, orderBy: { id: "desc" } });
    await db.syncRunListing.create({
      data: { runId: all[0]!.id, path: "ended.json", sha: "a".repeat(40), size: 1, needsFetch: true },
    });
    await db.syncRunListing.create({
      data: { runId: open.id, path: "open.json", sha: "b".repeat(40), size: 1, needsFetch: true },
    });

    const pruned = await pruneExpired(db, now);
    expect(pruned.syncRuns).toBeGreaterThanOrEqual(13);
    expect(pruned.orphanedStaging).toBeGreaterThanOrEqual(1);
    const kept = await db.syncRun.findMany({ where: { tenantId: actor.tenantId }, orderBy: { id: "desc" } });
    expect(kept.map((row) => row.id)).toEqual([
      ...all.slice(0, 500).map((row) => row.id),
      success.id,
      open.id,
      held.id,
    ]);
    const staged = await db.syncRunListing.findMany({ where: { runId: { in: [all[0]!.id, open.id] } } });
    expect(staged.map((row) => row.path)).toEqual(["open.json"]);
  });
});
