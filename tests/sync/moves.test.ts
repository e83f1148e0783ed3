import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
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
afterEach(() => world.sim.resetTraffic());

const COMPARE = "GET /repos/{owner}/{repo}/compare/{basehead+}";

/** A template long enough for git's rename detection to pair an edited copy with its original. */
const longDoc = (name: string, version = 1, topic = name) =>
  JSON.stringify(
    {
      name,
      description: `The ${name} template`,
      blocks: Array.from({ length: 12 }, (_, i) => ({ kind: "paragraph", text: `Block ${i} of ${topic}` })),
      version,
    },
    null,
    2,
  );

describe("identity across edits and moves", () => {
  it("keeps the template id when a file is edited and moved in one push, asking GitHub's compare once", async () => {
    const t = await connectedTenant(world, { "old/offer.json": longDoc("Offer"), "stay.json": longDoc("Stay") });
    await runSync(world, t.request("connect"));
    const before = (await templatesOf(t.actor.tenantId)).find((r) => r.syncSource === "old/offer.json")!;

    // A plain edit moves nothing: no compare request.
    await world.sim.commit(t.fullName, {
      changes: [{ action: "put", path: "stay.json", content: longDoc("Stay", 2) }],
    });
    world.sim.resetTraffic();
    await runSync(world, t.request("push"));
    expect(world.sim.counters().byRoute[COMPARE]).toBeUndefined();

    await world.sim.commit(t.fullName, {
      changes: [
        { action: "delete", path: "old/offer.json" },
        { action: "put", path: "new/offer.json", content: longDoc("Offer (renamed)", 2, "Offer") },
      ],
    });
    world.sim.resetTraffic();
    await runSync(world, t.request("push"));
    const after = await getDb().template.findUniqueOrThrow({ where: { id: before.id } });
    expect(after).toMatchObject({ syncSource: "new/offer.json", name: "Offer (renamed)", deletedAt: null });
    expect(after.content).toMatchObject({ version: 2 });
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ moved: 1, created: 0, deleted: 0, unchanged: 1 });
    expect((await templatesOf(t.actor.tenantId)).length).toBe(2);
    expect(world.sim.counters().byRoute[COMPARE]).toBe(1);
  });

  it("beyond the compare answer's 300 files, falls back to the identical-blob rule without failing", async () => {
    const t = await connectedTenant(world, {
      "b/early.json": longDoc("Early"),
      "m/edited.json": longDoc("Edited"),
      "m/same.json": longDoc("Same"),
    });
    await runSync(world, t.request("connect"));
    const ids = Object.fromEntries((await templatesOf(t.actor.tenantId)).map((r) => [r.syncSource, r.id]));

    // Git lists files by path: the early move is within the first 300, the last two are past the cap.
    const added = Array.from({ length: 300 }, (_, i) => ({
      action: "put" as const,
      path: `c/${String(i).padStart(3, "0")}.json`,
      content: JSON.stringify({ name: `n${i}` }),
    }));
    await world.sim.commit(t.fullName, {
      changes: [
        { action: "delete", path: "b/early.json" },
        { action: "put", path: "a/early.json", content: longDoc("Early", 2) },
        ...added,
        { action: "delete", path: "m/edited.json" },
        { action: "put", path: "z/edited.json", content: longDoc("Edited", 2) },
        { action: "move", from: "m/same.json", path: "z/same.json" },
      ],
    });
    world.sim.resetTraffic();
    const run = await runSync(world, t.request("push"));
    expect(run.status).toBe("completed");
    const rows = await templatesOf(t.actor.tenantId);
    const at = (path: string) => rows.find((r) => r.syncSource === path && !r.deletedAt)!;
    expect(at("a/early.json").id).toBe(ids["b/early.json"]);
    expect(at("z/same.json").id).toBe(ids["m/same.json"]);
    // The edited move GitHub's answer did not list: a new template, the old one deleted.
    expect(at("z/edited.json").id).not.toBe(ids["m/edited.json"]);
    expect(rows.find((r) => r.id === ids["m/edited.json"])!.deletedAt).toBeInstanceOf(Date);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      status: "succeeded",
      moved: 2,
      created: 301,
      deleted: 1,
    });
    expect(world.sim.counters().byRoute[COMPARE]).toBe(1);
  });
});
