import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectedTenant, runSync, startSyncWorld, templatesOf, type SyncWorld } from "../helpers/sync-world";

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
});
afterAll(() => world.stop());

const file = (name: string, extra = "") => `{\n    "name": "${name}",\n  "zz_comes_first_in_the_file": 1${extra}\n}\n`;
const textsOf = async (tenantId: bigint) =>
  Object.fromEntries((await templatesOf(tenantId)).map((t) => [t.syncSource, t.sourceText]));

describe("synced templates keep the file's text", () => {
  it("stores each file's text as committed, on create and on update (blob downloads)", async () => {
    const t = await connectedTenant(world, { "a.json": file("A"), "b.json": "\uFEFF" + file("B") });
    await runSync(world, t.request("connect"));
    expect(await textsOf(t.actor.tenantId)).toEqual({ "a.json": file("A"), "b.json": file("B") });

    await world.sim.commit(t.fullName, {
      changes: [{ action: "put", path: "a.json", content: file("A2", ', "x": 2') }],
    });
    await runSync(world, t.request("push"));
    expect(await textsOf(t.actor.tenantId)).toEqual({ "a.json": file("A2", ', "x": 2'), "b.json": file("B") });
  });

  it("stores the text of files read from the tarball", async () => {
    const files = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`t/${i}.json`, file(`T${i}`)]));
    const t = await connectedTenant(world, files);
    world.sim.resetTraffic();
    await runSync(world, t.request("connect"));
    expect(world.sim.counters().byRoute["GET /repos/{owner}/{repo}/tarball/{ref*}"]).toBe(1);
    expect(await textsOf(t.actor.tenantId)).toEqual(files);
  });
});
