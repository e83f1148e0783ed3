import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { templatesOf } from "../helpers/sync-world";
import { doc, startExecutorWorld, SYNC, type ExecutorWorld } from "./executor-world";

let w: ExecutorWorld;
beforeAll(async () => {
  w = await startExecutorWorld();
});
afterAll(() => w.stop());
afterEach(() => w.world.sim.resetTraffic());

describe("crons", () => {
  it("triggerCron runs reconcile, whose requested sync brings a missed push in", async () => {
    const t = await w.tenant({ "a.json": doc("A") });
    w.send(t.request("manual"));
    await w.executor.waitForIdle();
    w.world.sim.webhooks.pause(); // the push webhook is lost
    try {
      await w.world.sim.commit(t.fullName, { changes: [{ action: "put", path: "a.json", content: doc("A2") }] });
      const reconcile = w.executor.triggerCron("allegro-reconcile-github-syncs");
      expect(reconcile.event).toMatchObject({ name: "inngest/scheduled.timer", data: { cron: "*/10 * * * *" } });
      await w.executor.waitForIdle();
      expect(reconcile.status).toBe("completed");
      const [sync] = w.runsOf(SYNC, t.actor.tenantId);
      expect(sync).toMatchObject({ status: "completed", event: { data: t.request("reconcile") } });
      expect((await templatesOf(t.actor.tenantId)).map((x) => x.name)).toEqual(["A2"]);
    } finally {
      await w.world.sim.webhooks.resume();
    }
  }, 30_000);
});
