import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { recoverSoonAfterStart } from "@/lib/github-sync/recovery/at-start";
import { eventually } from "../helpers/eventually";
import { templatesOf } from "../helpers/sync-world";
import { doc, startExecutorWorld, type ExecutorWorld } from "../inngest-local/executor-world";
import { startRestartablePostgres } from "./restartable-postgres";

/**
 * PostgreSQL restarted during a burst of 200 push deliveries (10 at a time): every delivery is
 * either answered 2xx and synced, or answered 5xx and recovered by the redelivery job. Nobody
 * redelivers by hand; the recovery runs as its cron would, until it has nothing left to ask for.
 */
let postgres: Awaited<ReturnType<typeof startRestartablePostgres>>;
let w: ExecutorWorld;
beforeAll(async () => {
  postgres = await startRestartablePostgres();
  // Before anything reads the environment: this file's app talks to the server it can restart.
  process.env.DATABASE_URL = postgres.url;
  w = await startExecutorWorld();
}, 180_000);
afterAll(async () => {
  await w?.stop();
  await getDb().$disconnect();
  await postgres?.remove();
});

const PUSHES = 200;

it("PostgreSQL restarted during a burst of 200 pushes: each is answered 2xx and synced, or 5xx and recovered", async () => {
  const t = await w.tenant({ "counter.json": doc("0") });
  w.world.sim.webhooks.pause();
  const shas: string[] = [];
  for (let i = 1; i <= PUSHES; i++) {
    const { sha } = await w.world.sim.commit(t.fullName, {
      changes: [{ action: "put", path: "counter.json", content: doc(String(i)) }],
    });
    shas.push(sha);
  }
  const first = w.world.sim.deliveries().length - PUSHES;
  let restarted = false;
  // The burst: 10 deliveries at a time; PostgreSQL stops before the 60th starts and is back before the 120th.
  await w.world.sim.webhooks.resume({
    concurrency: 10,
    async beforeEach(index) {
      if (index === 60) await postgres.stop();
      if (index === 120) {
        await postgres.start();
        restarted = true;
      }
    },
  });
  expect(restarted).toBe(true);
  const burst = w.world.sim.deliveries().slice(first);
  expect(burst.map((d) => d.event)).toEqual(Array(PUSHES).fill("push"));
  const statuses = new Set(burst.map((d) => d.status));
  // Nothing else: no 4xx, no answer missing. Both kinds happened, so the restart fell inside the burst.
  expect([...statuses].every((s) => s === 200 || s === 500)).toBe(true);
  expect(statuses).toEqual(new Set([200, 500]));

  // The redelivery job, run as its cron would be, until nothing is left to ask for.
  await eventually(async () => {
    const summary = await recoverSoonAfterStart({ delayMs: 0 });
    expect(summary).not.toBeNull();
    const recorded = await getDb().webhookDelivery.count({
      where: { id: { in: burst.map((d) => d.guid) }, outcome: { startsWith: "processed" } },
    });
    expect({ recorded, requested: summary!.requested }).toEqual({ recorded: PUSHES, requested: 0 });
  }, 120_000);

  // Every push is recorded as a sync request of its commit, each one answered 2xx at last.
  const rows = await getDb().webhookDelivery.findMany({ where: { id: { in: burst.map((d) => d.guid) } } });
  const byGuid = new Map(rows.map((row) => [row.id, row.outcome]));
  burst.forEach((d, i) => expect(byGuid.get(d.guid)).toBe(`processed: sync requested for ${shas[i]}`));
  for (const d of burst.filter((x) => x.status === 500)) {
    const attempts = w.world.sim.deliveries().filter((x) => x.guid === d.guid);
    expect(attempts.some((x) => x.redelivery && x.status === 200)).toBe(true);
  }
  // And synced: the templates end at the branch head.
  await eventually(async () => {
    expect((await templatesOf(t.actor.tenantId)).map((x) => x.name)).toEqual([String(PUSHES)]);
  }, 120_000);
}, 600_000);
