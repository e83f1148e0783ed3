import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { connectedTenant, latestRun, runSync, startSyncWorld, type SyncWorld } from "../helpers/sync-world";

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
});
afterAll(() => world.stop());
afterEach(() => world.sim.resetTraffic());

const BLOBS = "GET /repos/{owner}/{repo}/git/blobs/{sha}";
const errorPaths = (errors: unknown) => ((errors ?? []) as { path: string }[]).map((e) => e.path).sort();

describe("invalid files", () => {
  it("a file PostgreSQL cannot store (\\u0000, half a surrogate pair) is listed as invalid; the rest syncs", async () => {
    const t = await connectedTenant(world, {
      "good.json": JSON.stringify({ name: "Good" }),
      "nul.json": '{"name": "Nul\\u0000"}',
      "half.json": '{\n  "name": "Half \\uD83D"\n}',
    });
    await runSync(world, t.request("connect"));
    const run = await latestRun(t.actor.tenantId);
    expect(run).toMatchObject({ status: "succeeded_with_errors", created: 1, invalid: 2 });
    expect(run.errors).toEqual([
      expect.objectContaining({ path: "half.json", line: 2, column: 17, message: expect.stringMatching(/unpaired/) }),
      expect.objectContaining({ path: "nul.json", line: 1, column: 14, message: expect.stringMatching(/NUL/) }),
    ]);
    expect((await getDb().template.findMany({ where: { tenantId: t.actor.tenantId } })).map((x) => x.name)).toEqual([
      "Good",
    ]);
  });

  it("are not downloaded again while unchanged, and stay listed in the errors until fixed or removed", async () => {
    const bad = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`bad/${i}.json`, `{"name": ${i}`]));
    const t = await connectedTenant(world, { "good.json": JSON.stringify({ name: "Good" }), ...bad });
    await runSync(world, t.request("connect"));
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ created: 1, invalid: 5 });

    await world.sim.commit(t.fullName, {
      changes: [{ action: "put", path: "other.json", content: JSON.stringify({ name: "Other" }) }],
    });
    world.sim.resetTraffic();
    await runSync(world, t.request("push"));
    const run = await latestRun(t.actor.tenantId);
    expect(run).toMatchObject({ status: "succeeded_with_errors", created: 1, unchanged: 1, invalid: 5 });
    expect(errorPaths(run.errors)).toEqual(Object.keys(bad).sort());
    expect((run.errors as { message: string }[])[0]!.message).toMatch(/^Invalid JSON/);
    // Token, branch, tree and the one changed file: none of the 5 unchanged invalid files.
    expect(world.sim.counters().byRoute[BLOBS]).toBe(1);
    expect(world.sim.counters().byInstallation[String(t.installation!.id)]).toBeLessThanOrEqual(3 + 1);
    const installation = await getDb().githubAppInstallation.findUniqueOrThrow({
      where: { installationId: BigInt(t.installation!.id) },
    });
    expect(errorPaths(installation.lastSyncErrors)).toEqual(Object.keys(bad).sort());

    // Fixing one and removing another takes them off the list; the rest stay.
    await world.sim.commit(t.fullName, {
      changes: [
        { action: "put", path: "bad/0.json", content: JSON.stringify({ name: "Fixed" }) },
        { action: "delete", path: "bad/1.json" },
      ],
    });
    world.sim.resetTraffic();
    await runSync(world, t.request("push"));
    const after = await latestRun(t.actor.tenantId);
    expect(after).toMatchObject({ created: 1, invalid: 3 });
    expect(errorPaths(after.errors)).toEqual(["bad/2.json", "bad/3.json", "bad/4.json"]);
    expect(world.sim.counters().byRoute[BLOBS]).toBe(1);

    // Breaking it again is noticed (its blob changed), with the new problem.
    await world.sim.commit(t.fullName, { changes: [{ action: "put", path: "bad/1.json", content: "[]" }] });
    await runSync(world, t.request("push"));
    const broken = await latestRun(t.actor.tenantId);
    expect(broken).toMatchObject({ invalid: 4 });
    expect((broken.errors as { path: string; message: string }[]).find((e) => e.path === "bad/1.json")).toMatchObject({
      message: "A template must be a JSON object",
    });
  });
});
