import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { syncGithubTemplates } from "@/inngest/functions/sync-github-templates";
import { getDb } from "@/lib/db/client";
import { applySync } from "@/lib/sync/apply";
import { fetchFiles } from "@/lib/sync/fetch-files";
import { readTree, resolveHead } from "@/lib/sync/read-github";
import { startRun } from "@/lib/sync/run-record";
import { IN_FLIGHT_GRACE_MS } from "@/lib/sync/reconcile";
import { browserHeaders } from "../helpers/session";
import { inngestSink } from "../helpers/inngest-sink";
import { eventually } from "../helpers/eventually";
import { outboxRowsOf, waitForSentEvents } from "../helpers/outbox";
import { drainOutbox } from "@/lib/sync/outbox";
import { sendSyncEvents } from "@/inngest/queue";
import { driveFunction } from "../../tools/inngest-local/serve-driver";
import {
  connectedTenant,
  latestRun,
  runSync,
  startSyncWorld,
  templatesOf,
  type SyncWorld,
} from "../helpers/sync-world";

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
});
afterAll(() => world.stop());
beforeEach(() => {
  inngestSink().events.length = 0;
});

const doc = (name: string) => JSON.stringify({ name });

async function prepared(t: Awaited<ReturnType<typeof connectedTenant>>, runName: string) {
  const start = await startRun(world.deps, t.request("push"), runName);
  if (start.kind !== "run") throw new Error(start.message);
  const head = await resolveHead(world.deps, start.context);
  const plan = await readTree(world.deps, start.context, head);
  await fetchFiles(world.deps, start.context, head);
  return { context: start.context, head, plan };
}

describe("apply", () => {
  it("a retried apply whose first attempt committed changes nothing and answers what it recorded", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A"), "b.json": doc("B") });
    await runSync(world, t.request("connect"));
    await world.sim.commit(t.fullName, { changes: [{ action: "put", path: "c.json", content: doc("C") }] });
    const { context, head } = await prepared(t, "run-apply-retried");
    const first = await applySync(world.deps, context, head);
    expect(first).toMatchObject({ status: "succeeded", counts: { created: 1, unchanged: 2 } });
    const after = await templatesOf(t.actor.tenantId);

    // Inngest never heard back from the first attempt and runs the step again.
    const again = await applySync(world.deps, context, head);
    expect(again).toEqual(first);
    expect(await templatesOf(t.actor.tenantId)).toEqual(after);
    expect(after.filter((row) => row.deletedAt === null)).toHaveLength(3);
  });

  it("leaves nothing half-applied when the database fails mid-apply; the retry completes it", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A"), "b.json": doc("B") });
    await runSync(world, t.request("connect"));
    await world.sim.commit(t.fullName, {
      changes: [
        { action: "put", path: "a.json", content: doc("A2") },
        { action: "delete", path: "b.json" },
        { action: "put", path: "c.json", content: doc("C") },
      ],
    });
    const before = await templatesOf(t.actor.tenantId);
    const installationBefore = await getDb().githubAppInstallation.findUniqueOrThrow({
      where: { installationId: BigInt(t.installation!.id) },
    });
    const { context, head } = await prepared(t, "run-apply-failure");

    await expect(
      applySync(world.deps, context, head, {
        beforeCommit: () => {
          throw new Error("connection lost");
        },
      }),
    ).rejects.toThrow("connection lost");
    expect(await templatesOf(t.actor.tenantId)).toEqual(before);
    expect(
      await getDb().githubAppInstallation.findUniqueOrThrow({ where: { installationId: BigInt(t.installation!.id) } }),
    ).toEqual(installationBefore);
    expect(await getDb().syncRunFile.count({ where: { runId: BigInt(context.runId) } })).toBe(2);

    const retried = await applySync(world.deps, context, head);
    expect(retried).toMatchObject({ status: "succeeded", counts: { updated: 1, deleted: 1, created: 1 } });
    expect((await templatesOf(t.actor.tenantId)).filter((r) => !r.deletedAt).map((r) => r.name)).toEqual(["A2", "C"]);
    expect(await getDb().syncRunFile.count({ where: { runId: BigInt(context.runId) } })).toBe(0);
  });

  it("never lets a run that read the head earlier overwrite one that read it later", async () => {
    const t = await connectedTenant(world, { "a.json": doc("v1") });
    const older = await prepared(t, "run-older");
    await world.sim.commit(t.fullName, { changes: [{ action: "put", path: "a.json", content: doc("v2") }] });
    const newer = await prepared(t, "run-newer");
    expect(await applySync(world.deps, newer.context, newer.head)).toMatchObject({
      status: "succeeded",
    });
    expect(await applySync(world.deps, older.context, older.head)).toMatchObject({
      status: "skipped",
      message: expect.stringMatching(/newer sync/),
    });
    expect((await templatesOf(t.actor.tenantId))[0]!.name).toBe("v2");
  });
});

describe("with @inngest/test", () => {
  it("runs the whole function, every step for real", async () => {
    const t = await connectedTenant(world, { "x.json": doc("X"), "y.json": doc("Y") });
    const engine = new InngestTestEngine({ function: syncGithubTemplates });
    const { result, error } = await engine.execute({
      events: [{ name: "github/templates.sync.requested", data: t.request("connect") }],
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ status: "succeeded", counts: { created: 2 }, strategy: "blobs", files: 2 });
    expect((await templatesOf(t.actor.tenantId)).map((r) => r.name)).toEqual(["X", "Y"]);
  });

  it("skips without reading the tree when the head is already synced", async () => {
    const t = await connectedTenant(world, { "x.json": doc("X") });
    // One engine per run: an engine memoizes step results across its executions.
    const run = (data: ReturnType<typeof t.request>) =>
      new InngestTestEngine({ function: syncGithubTemplates }).execute({
        events: [{ name: "github/templates.sync.requested", data }],
      });
    await run(t.request("connect"));
    world.sim.resetTraffic();
    const { result } = await run(t.request("push"));
    expect(result).toMatchObject({ status: "skipped" });
    expect(world.sim.counters().byRoute["GET /repos/{owner}/{repo}/git/trees/{sha+}"]).toBeUndefined();
  });
});

describe("Sync Now", () => {
  async function syncNow(t: Awaited<ReturnType<typeof connectedTenant>>, actor = t.actor) {
    const response = await fetch(`${world.routes.url}/api/github-sync/sync`, {
      method: "POST",
      headers: await browserHeaders(actor),
    });
    return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json() };
  }

  it("queues a manual sync that runs even when the head is unchanged, then refuses for 5 minutes with the time", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    await runSync(world, t.request("connect"));
    const first = await syncNow(t);
    expect(first.status).toBe(202);
    const [sent] = await waitForSentEvents(t.actor.tenantId, 1);
    expect(sent).toMatchObject({
      name: "github/templates.sync-now.requested",
      data: { ...t.request("manual"), syncRunId: first.body.runId },
    });
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      id: BigInt(first.body.runId),
      status: "queued",
      reason: "manual",
    });

    const run = await runSync(world, sent!.data as never);
    expect(run.result).toMatchObject({ status: "succeeded" });
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      id: BigInt(first.body.runId),
      status: "succeeded",
      unchanged: 1,
    });

    const second = await syncNow(t);
    expect(second.status).toBe(429);
    expect(second.body.error.message).toBe(
      `Sync Now is limited to once every 5 minutes. The next sync is allowed at ${first.body.nextAllowedAt}.`,
    );
    expect(Number(second.retryAfter)).toBeGreaterThan(290);
    expect(await outboxRowsOf(t.actor.tenantId)).toHaveLength(1);
  });

  it("lets exactly one of two simultaneous clicks through", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    const results = await Promise.all([syncNow(t), syncNow(t)]);
    expect(results.map((r) => r.status).sort()).toEqual([202, 429]);
    expect(await outboxRowsOf(t.actor.tenantId)).toHaveLength(1);
    expect(await waitForSentEvents(t.actor.tenantId, 1)).toHaveLength(1);
    expect(await getDb().syncRun.count({ where: { tenantId: t.actor.tenantId, reason: "manual" } })).toBe(1);
  });

  it("is for admins only", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    const member = { ...t.actor, role: "member" as const };
    await getDb().membership.updateMany({ where: { userId: t.actor.userId }, data: { role: "member" } });
    expect((await syncNow(t, member)).status).toBe(403);
    expect(await outboxRowsOf(t.actor.tenantId)).toEqual([]);
  });

  it("accepts Sync Now while Inngest is down: it waits in the outbox, keeps its window, and runs once Inngest is back", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    inngestSink().setFailing(true);
    let accepted;
    try {
      accepted = await syncNow(t);
      expect(accepted.status).toBe(202);
      await eventually(async () => expect((await outboxRowsOf(t.actor.tenantId))[0]?.lastError).toBeTruthy());
      const [row] = await outboxRowsOf(t.actor.tenantId);
      expect(row).toMatchObject({ sentAt: null, lastError: expect.stringMatching(/^jobs_unreachable: /) });
      expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "queued", reason: "manual" });
      expect((await syncNow(t)).status).toBe(429);
    } finally {
      inngestSink().setFailing(false);
    }
    // Back up: the next relay (after its backoff) hands the request over.
    await drainOutbox({ db: getDb(), send: sendSyncEvents, now: () => new Date(Date.now() + 60_000) });
    const [sent] = await waitForSentEvents(t.actor.tenantId, 1);
    expect((await runSync(world, sent!.data as never)).result).toMatchObject({ status: "succeeded" });
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      id: BigInt(accepted.body.runId),
      status: "succeeded",
    });
  });
});

describe("reconcile", () => {
  it("requests a sync only for connections whose branch head moved without a processed push", async () => {
    const fresh = await connectedTenant(world, { "a.json": doc("A") });
    const stale = await connectedTenant(world, { "a.json": doc("A") });
    await runSync(world, fresh.request("connect"));
    await runSync(world, stale.request("connect"));
    world.sim.webhooks.pause(); // the push webhook is lost
    await world.sim.commit(stale.fullName, { changes: [{ action: "put", path: "a.json", content: doc("A2") }] });
    inngestSink().events.length = 0;
    const run = await driveFunction(`${world.routes.url}/api/inngest`, "allegro-reconcile-github-syncs", {
      name: "inngest/scheduled.timer",
      data: {},
    });
    await world.sim.webhooks.resume();
    expect(run.status).toBe("completed");
    const requested = inngestSink()
      .events.filter((e) => e.name === "github/templates.sync.requested")
      .map((e) => e.data);
    expect(requested).toContainEqual(stale.request("reconcile"));
    expect(requested).not.toContainEqual(fresh.request("reconcile"));
  });

  it("leaves alone a connection whose push is still on its way (in the outbox or the debounce), so the push keeps its reason", async () => {
    const pending = await connectedTenant(world, { "a.json": doc("A") });
    await runSync(world, pending.request("connect"));
    await world.sim.commit(pending.fullName, { changes: [{ action: "put", path: "a.json", content: doc("A2") }] });
    const [push] = await waitForSentEvents(pending.actor.tenantId, 1);
    expect(push!.data).toMatchObject({ reason: "push" });
    inngestSink().events.length = 0;
    const run = await driveFunction(`${world.routes.url}/api/inngest`, "allegro-reconcile-github-syncs", {
      name: "inngest/scheduled.timer",
      data: {},
    });
    expect(run.status).toBe("completed");
    const requested = inngestSink()
      .events.filter((e) => e.name === "github/templates.sync.requested")
      .map((e) => e.data);
    expect(requested).not.toContainEqual(pending.request("reconcile"));

    // Once that request is older than the debounce could hold it, a head still not synced is requested.
    await getDb().syncOutbox.updateMany({
      where: { tenantId: pending.actor.tenantId },
      data: { createdAt: new Date(Date.now() - IN_FLIGHT_GRACE_MS - 1000) },
    });
    inngestSink().events.length = 0;
    await driveFunction(`${world.routes.url}/api/inngest`, "allegro-reconcile-github-syncs", {
      name: "inngest/scheduled.timer",
      data: {},
    });
    expect(
      inngestSink()
        .events.filter((e) => e.name === "github/templates.sync.requested")
        .map((e) => e.data),
    ).toContainEqual(pending.request("reconcile"));
  });
});

describe("when Inngest gives up", () => {
  it("the failure handler marks the run failed with the error", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    const run = await getDb().syncRun.create({
      data: {
        tenantId: t.actor.tenantId,
        installationId: BigInt(t.installation!.id),
        reason: "push",
        status: "running",
        inngestRunId: "01FAILEDRUN",
      },
    });
    const result = await driveFunction(`${world.routes.url}/api/inngest`, "allegro-sync-github-templates-failure", {
      name: "inngest/function.failed",
      data: {
        function_id: "allegro-sync-github-templates",
        run_id: "01FAILEDRUN",
        error: { name: "GithubAnswered", message: "GitHub answered 502 five times" },
        event: { name: "github/templates.sync.requested", data: t.request("push") },
      },
    });
    expect(result.status).toBe("completed");
    expect(await getDb().syncRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: "failed",
      error: "GitHub answered 502 five times",
    });
  });
});

describe("registration with Inngest", () => {
  it("declares one-at-a-time per organization, a debounce for pushes, a Sync Now function with its own rate limit, retries and the cron", async () => {
    const response = await fetch(`${world.routes.url}/api/inngest`, { method: "PUT" });
    expect(response.status).toBe(200);
    const { functions } = inngestSink().registrations.at(-1) as {
      functions: {
        id: string;
        triggers: unknown[];
        steps: Record<string, { retries?: { attempts: number } }>;
        concurrency?: unknown;
        rateLimit?: unknown;
        debounce?: unknown;
      }[];
    };
    const perOrganization = { scope: "account", key: '"sync-" + event.data.tenantId', limit: 1 };
    const sync = functions.find((f) => f.id === "allegro-sync-github-templates")!;
    expect(sync.triggers).toEqual([{ event: "github/templates.sync.requested" }]);
    expect(sync.concurrency).toEqual(perOrganization);
    expect(sync.debounce).toEqual({ key: "event.data.tenantId", period: "5s", timeout: "1m" });
    expect(sync.rateLimit).toBeUndefined();
    expect(Object.values(sync.steps)[0]!.retries).toEqual({ attempts: 5 });

    const syncNow = functions.find((f) => f.id === "allegro-sync-now-github-templates")!;
    expect(syncNow.triggers).toEqual([{ event: "github/templates.sync-now.requested" }]);
    expect(syncNow.concurrency).toEqual(perOrganization);
    expect(syncNow.rateLimit).toEqual({ key: "event.data.tenantId", limit: 1, period: "5m" });
    expect(syncNow.debounce).toBeUndefined();

    const cancelled = functions.find((f) => f.id === "allegro-close-cancelled-syncs")!;
    expect(cancelled.triggers).toEqual([
      expect.objectContaining({ event: "inngest/function.cancelled", expression: expect.stringContaining("sync") }),
    ]);
    const reconcile = functions.find((f) => f.id === "allegro-reconcile-github-syncs")!;
    expect(reconcile.triggers).toEqual([{ cron: "*/10 * * * *" }]);
    const prune = functions.find((f) => f.id === "allegro-prune-expired-records")!;
    expect(prune.triggers).toEqual([{ cron: "17 3 * * *" }]);
  });
});
