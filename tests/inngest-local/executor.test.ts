import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { eventually } from "../helpers/eventually";
import { latestRun, templatesOf } from "../helpers/sync-world";
import { callsOf, doc, startExecutorWorld, SYNC, SYNC_NOW, type ExecutorWorld } from "./executor-world";

let w: ExecutorWorld;
beforeAll(async () => {
  w = await startExecutorWorld();
});
afterAll(() => w.stop());

const BRANCH = "GET /repos/{owner}/{repo}/branches/{branch}";

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
      20_000,
    );
    await w.executor.waitForIdle();
    const runs = w.runsOf(SYNC, t.actor.tenantId);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThanOrEqual(2);
    expect(runs.every((run) => run.status === "completed")).toBe(true);
    const head = await t.repo.git.branchHead("main");
    expect((await templatesOf(t.actor.tenantId)).map((x) => x.name)).toEqual(["50"]);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "succeeded", commit: head });
  }, 60_000);
});
