import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { api } from "../helpers/connect";
import type { SyncWorld } from "../helpers/sync-world";
import { runLatestCheck } from "../checks/check-world";
import { doc, propose, startProposalWorld, syncedTenant } from "./proposal-world";

// Each test syncs an organization and makes several GitHub round trips: on a busy machine that takes
// longer than the default 30 s, so the safety net is wider (nothing waits on the clock).
vi.setConfig({ testTimeout: 120_000 });

let world: SyncWorld;
beforeAll(async () => {
  world = await startProposalWorld();
});
afterAll(() => world.stop());

describe("a proposal's check", () => {
  it("is queued until our check job runs on its head, then shows its conclusion; a new commit queues it again", async () => {
    const t = await syncedTenant(world);
    const opened = await propose(world, t.actor, t.welcome, { text: doc("Welcome checked") });
    const check = async () =>
      (await api(world.routes, "GET", `/api/templates/${t.welcome}/proposals`, t.actor)).body.proposals[0].check;
    expect(await check()).toEqual({ status: "queued", conclusion: null });
    const run = await runLatestCheck(world, t.actor.tenantId);
    expect(run.result).toMatchObject({ status: "completed", conclusion: "success" });
    expect(await check()).toEqual({ status: "completed", conclusion: "success" });
    await propose(world, t.actor, t.welcome, { text: doc("Welcome checked again"), proposal: opened.body.number });
    expect(await check()).toEqual({ status: "queued", conclusion: null });
  });
});
