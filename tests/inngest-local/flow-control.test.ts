import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually";
import { latestRun, templatesOf } from "../helpers/sync-world";
import { BRANCH, callsOf, doc, startExecutorWorld, SYNC, SYNC_NOW, type ExecutorWorld } from "./executor-world";

let w: ExecutorWorld;
beforeAll(async () => {
  w = await startExecutorWorld();
});
afterAll(() => w.stop());
afterEach(() => w.world.sim.resetTraffic());

describe("registration", () => {
  it("stores the app's functions with their triggers and flow control from the SDK's real registration", () => {
    const sync = w.executor.functions.get(SYNC)!;
    expect(sync.stepUrl).toContain(`${w.world.routes.url}/api/inngest?fnId=${SYNC}`);
    expect(sync).toMatchObject({
      retries: 5,
      concurrency: [{ scope: "account", key: '"sync-" + event.data.tenantId', limit: 1 }],
      debounce: { key: "event.data.tenantId", periodMs: 5_000, timeoutMs: 60_000 },
    });
    expect(w.executor.functions.get(SYNC_NOW)!.rateLimit).toEqual({
      key: "event.data.tenantId",
      limit: 1,
      periodMs: 300_000,
    });
    expect(w.executor.functions.get(`${SYNC}-failure`)!.triggers).toEqual([
      { event: "inngest/function.failed", expression: `event.data.function_id == '${SYNC}'` },
    ]);
  });
});

describe("debounce", () => {
  it("turns a burst of 50 pushes into one or two runs that end at the branch head", async () => {
    const t = await w.tenant({ "counter.json": doc("0") });
    for (let i = 1; i <= 50; i++)
      await w.world.sim.commit(t.fullName, {
        changes: [{ action: "put", path: "counter.json", content: doc(String(i)) }],
      });
    await eventually(
      async () =>
        expect(w.executor.events.filter((e) => e.data.tenantId === t.actor.tenantId.toString()).length).toBe(50),
      // Not a time limit: 50 deliveries through the webhook route and the relay take as long as a busy machine needs.
      170_000,
    );
    await w.executor.waitForIdle();
    const runs = w.runsOf(SYNC, t.actor.tenantId);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThanOrEqual(2);
    expect(runs.every((run) => run.status === "completed")).toBe(true);
    const head = await t.repo.git.branchHead("main");
    expect((await templatesOf(t.actor.tenantId)).map((x) => x.name)).toEqual(["50"]);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "succeeded", commit: head });
  }, 240_000);
});

describe("concurrency", () => {
  it("never lets two runs of one organization execute steps at the same time", async () => {
    const t = await w.tenant({ "a.json": doc("A"), "b.json": doc("B"), "c.json": doc("C") });
    w.send(t.request("manual"));
    const first = w.runsOf(SYNC_NOW, t.actor.tenantId)[0]!;
    // Runs started directly skip debounce and rate limit but not concurrency: three runs of one tenant race.
    const runs = [first, w.executor.runNow(SYNC_NOW, first.event), w.executor.runNow(SYNC_NOW, first.event)];
    await w.executor.waitForIdle();
    expect(runs.map((run) => run.status)).toEqual(["completed", "completed", "completed"]);
    const calls = runs.flatMap((run) => run.calls.map((call) => ({ ...call, run: run.id })));
    for (const a of calls)
      for (const b of calls)
        if (a.run !== b.run) expect(a.endedAt <= b.startedAt || b.endedAt <= a.startedAt).toBe(true);
    // Slots are per step, not per run: the runs' requests interleave rather than queue run after run.
    const order = calls.sort((a, b) => a.startedAt - b.startedAt).map((call) => call.run);
    const switches = order.filter((run, i) => i > 0 && run !== order[i - 1]).length;
    expect(switches).toBeGreaterThan(2);
  });
  it("frees the slot of a run that waits for a retry, so another run of the organization proceeds", async () => {
    const t = await w.tenant({ "a.json": doc("A") });
    w.world.sim.injectFault({ route: BRANCH, secondaryRateLimit: { retryAfterSeconds: 2 }, times: 1 });
    w.send(t.request("manual"));
    const waiting = w.runsOf(SYNC_NOW, t.actor.tenantId)[0]!;
    await eventually(() => expect(waiting.status).toBe("waiting-retry"), 25_000);
    const other = w.executor.runNow(SYNC_NOW, waiting.event);
    await w.executor.waitForIdle();
    expect([waiting.status, other.status]).toEqual(["completed", "completed"]);
    const [limited, retried] = callsOf(waiting, "resolve-head");
    // The whole other run executed inside the first run's retry wait.
    expect(other.calls[0]!.startedAt).toBeGreaterThanOrEqual(limited!.startedAt + limited!.durationMs);
    expect(other.calls.at(-1)!.endedAt).toBeLessThanOrEqual(retried!.startedAt);
  });
});

describe("rate limit", () => {
  it("drops a second Sync Now of one organization within 5 minutes: no run, no failure handler", async () => {
    const t = await w.tenant({ "a.json": doc("A") });
    const other = await w.tenant({ "a.json": doc("A") });
    w.send(t.request("manual"));
    w.send(t.request("manual"));
    w.send(other.request("manual"));
    await w.executor.waitForIdle();
    expect(w.runsOf(SYNC_NOW, t.actor.tenantId).map((run) => run.status)).toEqual(["completed"]);
    expect(w.runsOf(SYNC_NOW, other.actor.tenantId)).toHaveLength(1);
    expect(w.runsOf(`${SYNC_NOW}-failure`, t.actor.tenantId)).toEqual([]);
  });
});

describe("event idempotency", () => {
  it("starts one run for an event id sent twice, and a new run for a new id", async () => {
    const t = await w.tenant({ "a.json": doc("A") });
    const id = `sync-request-test-${t.actor.tenantId}`;
    w.send(t.request("push"), id);
    await w.executor.waitForIdle();
    expect(w.runsOf(SYNC, t.actor.tenantId)).toHaveLength(1);
    w.send(t.request("push"), id); // after the debounce period: only the id can stop it
    await w.executor.waitForIdle();
    expect(w.runsOf(SYNC, t.actor.tenantId)).toHaveLength(1);
    w.send(t.request("push"), `${id}-2`);
    await w.executor.waitForIdle();
    expect(w.runsOf(SYNC, t.actor.tenantId)).toHaveLength(2);
    expect(w.executor.events.filter((event) => event.id === id)).toHaveLength(2);
  }, 30_000);
});
