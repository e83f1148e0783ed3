import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectedTenant, latestRun, runSync, startSyncWorld, type SyncWorld } from "../helpers/sync-world";

const FILES = 100_000;

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
});
afterAll(() => world.stop());

describe("step outputs at scale", () => {
  it("keeps every step's serialized output under 16 KB when syncing a 100,000-file repository", async () => {
    // Only 1 file in 20 is a template: the listing still has 100,000 entries (the tree is truncated),
    // while the run stays under the default limit of templates per organization.
    const files: Record<string, string> = {};
    for (let i = 0; i < FILES; i++) {
      const dir = `d${String(Math.floor(i / 1000)).padStart(3, "0")}`;
      files[i % 20 === 0 ? `${dir}/t${i}.json` : `${dir}/f${i}.txt`] =
        i % 20 === 0 ? JSON.stringify({ name: `T${i}` }) : `file ${i}\n`;
    }
    const t = await connectedTenant(world, files);
    const run = await runSync(world, t.request("connect"));
    expect(run.status).toBe("completed");
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "succeeded", created: FILES / 20 });

    const outputs = run.attempts.flatMap((a) => a.ops ?? []).filter((op) => op.op === "StepRun");
    expect(outputs.map((op) => op.displayName ?? op.name)).toEqual([
      "start-run",
      "resolve-head",
      "read-tree",
      "fetch-files",
      "apply",
      "report-check",
    ]);
    for (const op of outputs) expect(JSON.stringify(op.data ?? null).length).toBeLessThan(16 * 1024);
    expect(JSON.stringify(run.result).length).toBeLessThan(16 * 1024);
  }, 120_000);
});
