import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { eventually } from "../helpers/eventually";
import { latestRun } from "../helpers/sync-world";
import { BRANCH, callsOf, doc, startExecutorWorld, SYNC_NOW, type ExecutorWorld } from "./executor-world";

let w: ExecutorWorld;
beforeAll(async () => {
  w = await startExecutorWorld();
});
afterAll(() => w.stop());
afterEach(() => w.world.sim.resetTraffic());

describe("cancellation and replay (the runs page)", () => {
  it("Cancel stops the run between steps and close-cancelled-syncs closes its sync_runs row", async () => {
    const t = await w.tenant({ "a.json": doc("A") });
    w.world.sim.injectFault({ route: BRANCH, status: 502 });
    w.send(t.request("manual"));
    const [run] = w.runsOf(SYNC_NOW, t.actor.tenantId);
    await eventually(() => expect(run!.status).toBe("waiting-retry"), 5_000);
    const form = new URLSearchParams({ runID: run!.id });
    const response = await fetch(`${w.executor.url}/run/cancel`, { method: "POST", body: form, redirect: "manual" });
    expect(response.status).toBe(303);
    await w.executor.waitForIdle();
    expect(run!.status).toBe("cancelled");
    expect(callsOf(run!, "resolve-head").length).toBeLessThan(6);
    const [closer] = w.runsOf("allegro-close-cancelled-syncs", t.actor.tenantId);
    expect(closer).toMatchObject({ status: "completed", output: { closed: 1 } });
    expect(closer!.event.data).toMatchObject({ function_id: SYNC_NOW, run_id: run!.id });
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "cancelled", error: "The sync was cancelled." });
  });

  it("shows a run's steps and Replay starts a new run of the same event", async () => {
    const t = await w.tenant({ "a.json": doc("A") });
    w.send(t.request("manual"));
    await w.executor.waitForIdle();
    const [run] = w.runsOf(SYNC_NOW, t.actor.tenantId);
    const page = await (await fetch(`${w.executor.url}/run?runID=${run!.id}`)).text();
    for (const step of ["start-run", "resolve-head", "read-tree", "fetch-files", "apply"]) expect(page).toContain(step);
    expect(page).toContain("completed");
    const list = await (await fetch(w.executor.runsUrl)).text();
    expect(list).toContain(`/run?runID=${run!.id}`);

    const form = new URLSearchParams({ runID: run!.id });
    const replayed = await fetch(`${w.executor.url}/run/replay`, { method: "POST", body: form, redirect: "manual" });
    expect(replayed.status).toBe(303);
    const replayId = new URL(replayed.headers.get("location")!, w.executor.url).searchParams.get("runID")!;
    await w.executor.waitForIdle();
    const replay = w.executor.run(replayId)!;
    expect(replay).toMatchObject({ fnId: SYNC_NOW, replayOf: run!.id, status: "completed", event: run!.event });
    expect(replay.id).not.toBe(run!.id);
    expect(await getDb().syncRun.count({ where: { tenantId: t.actor.tenantId, inngestRunId: replayId } })).toBe(1);
  });
});
