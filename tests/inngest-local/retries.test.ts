import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { latestRun } from "../helpers/sync-world";
import { BRANCH, callsOf, doc, startExecutorWorld, SYNC_NOW, type ExecutorWorld } from "./executor-world";

let w: ExecutorWorld;
beforeAll(async () => {
  w = await startExecutorWorld();
});
afterAll(() => w.stop());
afterEach(() => w.world.sim.resetTraffic());

describe("retries", () => {
  it("retries a failing step with growing backoff, then succeeds", async () => {
    const t = await w.tenant({ "a.json": doc("A") });
    w.world.sim.injectFault({ route: BRANCH, status: 502, times: 2 });
    w.send(t.request("manual"));
    await w.executor.waitForIdle();
    const [run] = w.runsOf(SYNC_NOW, t.actor.tenantId);
    expect(run!.status).toBe("completed");
    const attempts = callsOf(run!, "resolve-head");
    expect(attempts.map((step) => [step.attempt, step.error?.message ?? "ok"])).toEqual([
      [0, expect.stringMatching(/GitHub answered 502/)],
      [1, expect.stringMatching(/GitHub answered 502/)],
      [2, "ok"],
    ]);
    const gap = (i: number) => attempts[i + 1]!.startedAt - (attempts[i]!.startedAt + attempts[i]!.durationMs);
    // Inngest's backoff, 15 s then 30 s (plus jitter), scaled by retryScale 0.01 (tests/setup/env.ts).
    expect(gap(0)).toBeGreaterThanOrEqual(150);
    expect(gap(1)).toBeGreaterThanOrEqual(300);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "succeeded" });
  });

  it("waits as long as a RetryAfterError asks", async () => {
    const t = await w.tenant({ "a.json": doc("A") });
    w.world.sim.injectFault({ route: BRANCH, secondaryRateLimit: { retryAfterSeconds: 2 }, times: 1 });
    w.send(t.request("manual"));
    await w.executor.waitForIdle();
    const [run] = w.runsOf(SYNC_NOW, t.actor.tenantId);
    expect(run!.status).toBe("completed");
    const [limited, next] = callsOf(run!, "resolve-head");
    expect(limited!.error).toMatchObject({ name: "RetryAfterError" });
    const waited = next!.startedAt - (limited!.startedAt + limited!.durationMs);
    expect(waited).toBeGreaterThanOrEqual(1_800); // not the 150 ms backoff
    expect(waited).toBeLessThan(5_000);
  });

  it("stops at a NonRetriableError and runs the failure handler", async () => {
    const t = await w.tenant({ "a.json": doc("A") });
    await getDb().githubAppInstallation.update({
      where: { installationId: BigInt(t.installation!.id) },
      data: { defaultBranch: "gone" },
    });
    w.send(t.request("manual"));
    await w.executor.waitForIdle();
    const [run] = w.runsOf(SYNC_NOW, t.actor.tenantId);
    expect(run!.status).toBe("failed");
    expect(run!.error!.message).toMatch(/404/);
    expect(callsOf(run!, "resolve-head")).toHaveLength(1);
    const [handler] = w.runsOf(`${SYNC_NOW}-failure`, t.actor.tenantId);
    expect(handler).toMatchObject({ status: "completed", event: { name: "inngest/function.failed" } });
    expect(handler!.event.data).toMatchObject({ function_id: SYNC_NOW, run_id: run!.id });
  });

  it("runs the failure handler after the last retry, which closes the sync_runs row", async () => {
    const t = await w.tenant({ "a.json": doc("A") });
    w.world.sim.injectFault({ route: BRANCH, status: 502 });
    w.send(t.request("manual"));
    await w.executor.waitForIdle();
    const [run] = w.runsOf(SYNC_NOW, t.actor.tenantId);
    expect(run!.status).toBe("failed");
    expect(callsOf(run!, "resolve-head")).toHaveLength(6); // the first attempt and 5 retries
    expect(w.runsOf(`${SYNC_NOW}-failure`, t.actor.tenantId).map((r) => r.status)).toEqual(["completed"]);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/GitHub answered 502/),
    });
  });
});
