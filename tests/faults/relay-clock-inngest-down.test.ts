import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as relayRoute from "@/app/api/outbox/relay/route";
import { startRelayTimer } from "@/inngest/outbox-relay";
import { getDb } from "@/lib/db/client";
import { assertBearerSecret } from "@/lib/http/bearer-secret";
import { drainOutbox, outboxEventId, outboxQueue, relayOutbox, type OutboxEvent } from "@/lib/sync/outbox";
import type { Timers } from "@/lib/sync/relay-clock";
import { startRouteServer } from "../../tools/route-server";
import { eventually } from "../helpers/eventually";
import { inngestSink } from "../helpers/inngest-sink";
import { outboxRowsOf, sentEventsOf } from "../helpers/outbox";
import { connectedTenant, runSync, startSyncWorld, templatesOf, type SyncWorld } from "../helpers/sync-world";

const RELAY_SECRET = "relay-secret-for-tests-0123456789abcdef";
process.env.ALLEGRO_RELAY_SECRET = RELAY_SECRET;

let world: SyncWorld;
let relayServer: Awaited<ReturnType<typeof startRouteServer>>;
beforeAll(async () => {
  world = await startSyncWorld();
  relayServer = await startRouteServer({ "/api/outbox/relay": relayRoute });
});
afterAll(async () => {
  await relayServer.close();
  await world.stop();
});

const doc = (name: string) => JSON.stringify({ name });
const INTERVAL_MS = 5000;

/** Timers the test fires itself: each fire moves the simulated clock to the timer's time. */
function simulatedClock(start: number) {
  const clock = { now: start };
  let pending: { run: () => void; at: number } | null = null;
  const waiting: (() => void)[] = [];
  const timers: Timers = {
    setTimeout: (run, ms) => {
      pending = { run, at: clock.now + ms };
      for (const wake of waiting.splice(0)) wake();
      return pending;
    },
    clearTimeout: () => {
      pending = null;
    },
  };
  /** Runs the next tick at its time and waits until it has finished (the clock schedules the next one then). */
  async function fireNext() {
    if (!pending) await new Promise<void>((resolve) => waiting.push(resolve));
    const { run, at } = pending!;
    pending = null;
    clock.now = at;
    const scheduled = new Promise<void>((resolve) => waiting.push(resolve));
    run();
    await scheduled;
  }
  return { clock, timers, now: () => new Date(clock.now), fireNext };
}

describe("Inngest refusing events for 10 minutes, then back, with no other traffic", () => {
  it("a burst leaves one pending row; the relay's own clock sends it within its backoff plus one interval", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    inngestSink().setFailing(true);
    let head = "";
    try {
      for (let i = 1; i <= 10; i++) {
        const pushed = await world.sim.commit(t.fullName, {
          changes: [{ action: "put", path: "a.json", content: doc(`A${i}`) }],
        });
        expect(pushed.deliveries[0]).toMatchObject({ status: 200 });
        head = pushed.sha;
      }
      // The relay after the responses tried once and backed off; the burst is one row holding the latest push.
      await eventually(async () => expect((await outboxRowsOf(t.actor.tenantId))[0]?.lastError).toBeTruthy());
      const rows = await outboxRowsOf(t.actor.tenantId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ sentAt: null, reason: "push", request: { commit: head } });

      const sim = simulatedClock(Date.now());
      const downUntil = sim.clock.now + 10 * 60_000;
      const relay = startRelayTimer({ intervalMs: INTERVAL_MS, timers: sim.timers, now: sim.now })!;
      expect(relay).not.toBeNull();
      try {
        while (sim.clock.now < downUntil) await sim.fireNext();
        const [during] = await outboxRowsOf(t.actor.tenantId);
        expect(during).toMatchObject({ sentAt: null, lastError: expect.any(String) });
        // It backed off (5 s, 10 s, 20 s … 10 minutes) instead of trying on every tick.
        expect(during!.attempts).toBeGreaterThan(3);
        expect(during!.attempts).toBeLessThan(15);
        expect(sentEventsOf(t.actor.tenantId)).toEqual([]);

        inngestSink().setFailing(false);
        const backAt = sim.clock.now;
        const dueAt = Math.max(backAt, during!.nextAttemptAt.getTime());
        for (let tick = 0; tick < 200 && !(await outboxRowsOf(t.actor.tenantId))[0]!.sentAt; tick++)
          await sim.fireNext();
        const [sent] = await outboxRowsOf(t.actor.tenantId);
        expect(sent!.sentAt).not.toBeNull();
        expect(sent!.sentAt!.getTime()).toBeLessThanOrEqual(dueAt + INTERVAL_MS);
      } finally {
        await relay.stop();
      }
    } finally {
      inngestSink().setFailing(false);
    }

    const events = sentEventsOf(t.actor.tenantId);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ reason: "push", commit: head });
    expect((await runSync(world, events[0]!.data as never)).result).toMatchObject({ status: "succeeded" });
    expect((await templatesOf(t.actor.tenantId)).map((row) => row.name)).toEqual(["A10"]);
  }, 180_000);

  it("a row that cannot be turned into an event is marked failed with its reason and blocks nothing behind it", async () => {
    const bad = await connectedTenant(world, { "a.json": doc("A") });
    const good = await connectedTenant(world, { "a.json": doc("A") });
    const db = getDb();
    const broken = await db.syncOutbox.create({
      data: {
        tenantId: bad.actor.tenantId,
        installationId: BigInt(bad.installation!.id),
        reason: "push",
        request: { tenantId: "not-a-number", installationId: String(bad.installation!.id), reason: "push" },
      },
    });
    await outboxQueue(db).queueSync(good.request("push"));
    const sent: OutboxEvent[] = [];
    const later = () => new Date(Date.now() + 60 * 60_000);
    await drainOutbox({ db, send: async (events) => void sent.push(...events), now: later });

    const [failed] = await outboxRowsOf(bad.actor.tenantId);
    expect(failed).toMatchObject({
      id: broken.id,
      sentAt: null,
      failedAt: expect.any(Date),
      lastError: expect.stringMatching(/not a valid sync request: tenantId/),
    });
    const [delivered] = await outboxRowsOf(good.actor.tenantId);
    expect(delivered).toMatchObject({ sentAt: expect.any(Date) });
    expect(sent.map((event) => event.id)).toContain(outboxEventId(delivered!.id));
    expect(sent.map((event) => event.id)).not.toContain(outboxEventId(broken.id));

    // Never leased again, and it no longer holds the organization's one pending request.
    await drainOutbox({ db, send: async (events) => void sent.push(...events), now: later });
    expect((await outboxRowsOf(bad.actor.tenantId))[0]).toMatchObject({ attempts: failed!.attempts });
    await outboxQueue(db).queueSync(bad.request("push"));
    expect(await outboxRowsOf(bad.actor.tenantId)).toHaveLength(2);
  });

  it("a push merged into the row while the relay sends it is sent again, under a new event id", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    const db = getDb();
    await outboxQueue(db).queueSync(t.request("push", { commit: "a".repeat(40) }));
    const sent: OutboxEvent[] = [];
    const later = () => new Date(Date.now() + 60 * 60_000);
    const first = await relayOutbox({
      db,
      now: later,
      send: async (events) => {
        sent.push(...events);
        // The next push arrives while this batch is on its way.
        await outboxQueue(db).queueSync(t.request("push", { commit: "b".repeat(40) }));
      },
    });
    expect(first).toMatchObject({ sent: expect.any(Number), failed: 0 });
    const [row] = await outboxRowsOf(t.actor.tenantId);
    expect(row).toMatchObject({ sentAt: null, revision: 1, request: { commit: "b".repeat(40) } });

    await drainOutbox({ db, send: async (events) => void sent.push(...events), now: later });
    const mine = sent.filter(
      (event) => "tenantId" in event.data && event.data.tenantId === t.actor.tenantId.toString(),
    );
    expect(mine.map((event) => [event.id, (event.data as { commit?: string }).commit])).toEqual([
      [outboxEventId(row!.id), "a".repeat(40)],
      [outboxEventId(row!.id, "sync", 1), "b".repeat(40)],
    ]);
    expect((await outboxRowsOf(t.actor.tenantId))[0]).toMatchObject({ sentAt: expect.any(Date) });
  });
});

describe("the relay route for serverless hosts", () => {
  const call = (method: "GET" | "POST", authorization?: string) =>
    fetch(`${relayServer.url}/api/outbox/relay`, {
      method,
      headers: authorization ? { authorization } : {},
    });

  it("refuses a missing or wrong secret with 401 and relays nothing", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    inngestSink().setFailing(true);
    try {
      await world.sim.commit(t.fullName, { changes: [{ action: "put", path: "a.json", content: doc("B") }] });
      await eventually(async () => expect((await outboxRowsOf(t.actor.tenantId))[0]?.lastError).toBeTruthy());
    } finally {
      inngestSink().setFailing(false);
    }
    await getDb().syncOutbox.updateMany({
      where: { tenantId: t.actor.tenantId },
      data: { nextAttemptAt: new Date(0) },
    });
    for (const authorization of [
      undefined,
      "Bearer wrong-secret",
      `Basic ${RELAY_SECRET}`,
      `Bearer ${RELAY_SECRET}x`,
    ]) {
      const response = await call("POST", authorization);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "unauthenticated" } });
    }
    expect((await outboxRowsOf(t.actor.tenantId))[0]).toMatchObject({ sentAt: null });

    const response = await call("GET", `Bearer ${RELAY_SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ relayed: { sent: expect.any(Number) }, closed: expect.any(Object) });
    expect((await outboxRowsOf(t.actor.tenantId))[0]).toMatchObject({ sentAt: expect.any(Date) });
    expect(sentEventsOf(t.actor.tenantId)).toHaveLength(1);
  });

  it("does not exist without a configured secret", () => {
    const request = new Request("http://localhost/api/outbox/relay", { headers: { authorization: "Bearer x" } });
    expect(() => assertBearerSecret(request, null, "ALLEGRO_RELAY_SECRET")).toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
  });
});
