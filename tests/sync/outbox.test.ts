import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import {
  drainOutbox,
  findWaitingRequests,
  outboxEventId,
  outboxQueue,
  relayOutbox,
  type EventSender,
} from "@/lib/sync/outbox";
import { closeNotStartedRuns, NOT_STARTED_AFTER_MS } from "@/lib/sync/watchdog";
import { sendSyncEvents } from "@/inngest/queue";
import * as settingsRoute from "@/app/api/github-sync/route";
import { driveFunction } from "../../tools/inngest-local/serve-driver";
import { startRouteServer } from "../../tools/route-server";
import { api } from "../helpers/connect";
import { eventually } from "../helpers/eventually";
import { inngestSink } from "../helpers/inngest-sink";
import { outboxRowsOf, sentEventsOf, waitForSentEvents } from "../helpers/outbox";
import { browserHeaders } from "../helpers/session";
import {
  connectedTenant,
  latestRun,
  runSync,
  startSyncWorld,
  templatesOf,
  type SyncWorld,
} from "../helpers/sync-world";

let world: SyncWorld;
let settings: Awaited<ReturnType<typeof startRouteServer>>;
beforeAll(async () => {
  world = await startSyncWorld();
  settings = await startRouteServer({ "/api/github-sync": settingsRoute });
});
afterAll(async () => {
  await settings.close();
  await world.stop();
});

const doc = (name: string) => JSON.stringify({ name });
const later = () => new Date(Date.now() + 15 * 60_000);
/** A relay as the cron or the next request would run it, once the backoff has passed. */
const relayLater = () => drainOutbox({ db: getDb(), send: sendSyncEvents, now: later });

describe("the outbox", () => {
  it("keeps a push while Inngest refuses events (2xx to GitHub), then delivers it and the sync runs", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    inngestSink().setFailing(true);
    try {
      const { deliveries } = await world.sim.commit(t.fullName, {
        changes: [{ action: "put", path: "a.json", content: doc("A2") }],
      });
      expect(deliveries[0]).toMatchObject({ status: 200 });
      await eventually(async () => expect((await outboxRowsOf(t.actor.tenantId))[0]?.lastError).toBeTruthy());
      expect(await outboxRowsOf(t.actor.tenantId)).toEqual([
        expect.objectContaining({ reason: "push", sentAt: null, attempts: 1 }),
      ]);
      const waiting = await api(settings, "GET", "/api/github-sync", t.actor);
      expect(waiting.body.waiting).toMatchObject({ count: 1 });
    } finally {
      inngestSink().setFailing(false);
    }

    await relayLater();
    const [row] = await outboxRowsOf(t.actor.tenantId);
    expect(row).toMatchObject({ sentAt: expect.any(Date), lastError: null });
    const [sent] = await waitForSentEvents(t.actor.tenantId, 1);
    expect(sent).toMatchObject({ id: outboxEventId(row!.id), data: t.request("push", { commit: expect.any(String) }) });
    expect((await runSync(world, sent!.data as never)).result).toMatchObject({ status: "succeeded" });
    expect((await templatesOf(t.actor.tenantId)).map((r) => r.name)).toEqual(["A2"]);
    expect((await api(settings, "GET", "/api/github-sync", t.actor)).body.waiting).toBeNull();
  });

  it("resends a row whose relay died between sending and marking it, under the same event id", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    inngestSink().setFailing(true); // hold the row back from the route's own relay
    try {
      await world.sim.commit(t.fullName, { changes: [{ action: "put", path: "a.json", content: doc("A2") }] });
      await eventually(async () => expect((await outboxRowsOf(t.actor.tenantId))[0]?.lastError).toBeTruthy());
    } finally {
      inngestSink().setFailing(false);
    }
    const [row] = await outboxRowsOf(t.actor.tenantId);
    // Sends, then dies before marking the row sent.
    const crashing: EventSender = async (events) => {
      await sendSyncEvents(events);
      throw new Error("process killed after sending");
    };
    expect(await relayOutbox({ db: getDb(), send: crashing, now: later })).toMatchObject({ sent: 0, failed: 1 });
    expect((await outboxRowsOf(t.actor.tenantId))[0]).toMatchObject({ sentAt: null });
    await drainOutbox({ db: getDb(), send: sendSyncEvents, now: () => new Date(Date.now() + 60 * 60_000) });
    expect((await outboxRowsOf(t.actor.tenantId))[0]).toMatchObject({ sentAt: expect.any(Date) });

    // Sent twice, with one id: Inngest starts one run for it (event ids are deduplicated for 24 hours).
    const sent = sentEventsOf(t.actor.tenantId);
    expect(sent.map((event) => event.id)).toEqual([outboxEventId(row!.id), outboxEventId(row!.id)]);
  });

  it("a request a relay is sending at this moment is not reported as waiting; one whose send failed is", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    await outboxQueue(getDb()).queueSync(t.request("push", { commit: "a".repeat(40) }));
    let answer!: (error?: Error) => void;
    let sending!: () => void;
    const inFlight = new Promise<void>((resolve) => (sending = resolve));
    // A send that hangs until told how it went, as a busy job service's would.
    const held: EventSender = (events) =>
      new Promise((resolve, reject) => {
        if (events.some((event) => event.kind === "sync" && event.data.tenantId === String(t.actor.tenantId)))
          sending();
        answer = (error) => (error ? reject(error) : resolve());
      });
    const relay = relayOutbox({ db: getDb(), send: held, now: () => new Date() });
    await inFlight;
    expect((await outboxRowsOf(t.actor.tenantId))[0]).toMatchObject({ attempts: 1, sentAt: null, lastError: null });
    expect(await findWaitingRequests(getDb(), t.actor.tenantId, new Date())).toBeNull();

    answer(new Error("connect ECONNREFUSED 10.0.0.7:8288"));
    expect(await relay).toMatchObject({ failed: expect.any(Number) });
    expect(await findWaitingRequests(getDb(), t.actor.tenantId, new Date())).toMatchObject({ count: 1 });
    await relayLater();
    expect(await findWaitingRequests(getDb(), t.actor.tenantId, new Date())).toBeNull();
  });

  it("two relays at once share the rows out; none is sent twice", async () => {
    const tenants = await Promise.all(["B", "C", "D"].map(() => connectedTenant(world, { "a.json": doc("A") })));
    inngestSink().setFailing(true);
    try {
      for (const t of tenants) {
        await world.sim.commit(t.fullName, { changes: [{ action: "put", path: "a.json", content: doc("B") }] });
      }
      for (const t of tenants)
        await eventually(async () =>
          expect((await outboxRowsOf(t.actor.tenantId)).every((row) => row.lastError)).toBe(true),
        );
    } finally {
      inngestSink().setFailing(false);
    }
    await Promise.all([relayLater(), relayLater(), relayLater()]);
    for (const t of tenants) expect(sentEventsOf(t.actor.tenantId)).toHaveLength(1);
    const ids = tenants.flatMap((t) => sentEventsOf(t.actor.tenantId).map((event) => event.id));
    expect(new Set(ids).size).toBe(3);
  });
});

describe("runs that never finish on their own", () => {
  it("the watchdog closes a Sync Now that Inngest accepted but never started, and gives Sync Now back", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    const response = await fetch(`${world.routes.url}/api/github-sync/sync`, {
      method: "POST",
      headers: await browserHeaders(t.actor),
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    await waitForSentEvents(t.actor.tenantId, 1); // accepted by Inngest, then dropped: no run ever starts
    await eventually(async () => expect((await outboxRowsOf(t.actor.tenantId))[0]?.sentAt).toBeTruthy());

    await closeNotStartedRuns({ db: getDb(), now: () => new Date() }); // too early to tell: left queued
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ id: BigInt(runId), status: "queued" });
    const closed = await closeNotStartedRuns({
      db: getDb(),
      now: () => new Date(Date.now() + NOT_STARTED_AFTER_MS + 60_000),
    });
    // The watchdog looks at every organization; other tests' Sync Now runs may be closed too.
    expect(closed).toBeGreaterThanOrEqual(1);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      id: BigInt(runId),
      status: "not_started",
      error: expect.stringMatching(/never started/),
      finishedAt: expect.any(Date),
    });
    const again = await fetch(`${world.routes.url}/api/github-sync/sync`, {
      method: "POST",
      headers: await browserHeaders(t.actor),
    });
    expect(again.status).toBe(202);
  });

  it("a run cancelled from the dashboard closes its sync_runs row, found by the Sync Now row it carried", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    const run = await getDb().syncRun.create({
      data: {
        tenantId: t.actor.tenantId,
        installationId: BigInt(t.installation!.id),
        reason: "manual",
        status: "queued",
      },
    });
    const result = await driveFunction(`${world.routes.url}/api/inngest`, "allegro-close-cancelled-syncs", {
      name: "inngest/function.cancelled",
      data: {
        function_id: "allegro-sync-now-github-templates",
        run_id: "01CANCELLEDNEVERSTARTED",
        event: {
          name: "github/templates.sync-now.requested",
          data: t.request("manual", { syncRunId: String(run.id) }),
        },
      },
    });
    expect(result.status).toBe("completed");
    expect(await getDb().syncRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: "cancelled",
      error: "The sync was cancelled.",
      finishedAt: expect.any(Date),
    });
  });
});
