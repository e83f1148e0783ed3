import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { recoverSoonAfterStart } from "@/lib/github-sync/recovery/at-start";
import { eventually } from "../helpers/eventually";
import { templatesOf } from "../helpers/sync-world";
import { doc, startExecutorWorld, type ExecutorWorld } from "../inngest-local/executor-world";

/**
 * The app is down (a deploy, a crash) while a commit is pushed: GitHub's delivery fails and GitHub
 * never retries it. When the app starts again, the recovery it runs soon after start (the same
 * call instrumentation.ts makes) asks GitHub to redeliver it, and the push is synced with nobody
 * redelivering by hand.
 */
let w: ExecutorWorld;
beforeAll(async () => {
  w = await startExecutorWorld();
});
afterAll(() => w.stop());

it("a push made while the app was stopped is synced after the app starts again", async () => {
  const t = await w.tenant({ "templates/a.json": doc("A") });
  // Whatever failed before this test (other tests' simulators share nothing with this one) is not ours to recover.
  await recoverSoonAfterStart({ delayMs: 0 });

  await w.world.server.stop();
  const { sha, deliveries } = await w.world.sim.commit(t.fullName, {
    changes: [{ action: "put", path: "templates/b.json", content: doc("B") }],
  });
  expect(deliveries).toMatchObject([{ event: "push", status: null }]);
  expect(deliveries[0]!.error).toBeTruthy();
  expect(await getDb().webhookDelivery.findUnique({ where: { id: deliveries[0]!.guid } })).toBeNull();

  await w.world.server.start();
  const summary = await recoverSoonAfterStart({ delayMs: 0 });
  expect(summary).toMatchObject({ failed: 1, requested: 1, refused: 0, truncated: false });
  expect(await getDb().webhookRedelivery.findUniqueOrThrow({ where: { guid: deliveries[0]!.guid } })).toMatchObject({
    githubDeliveryId: BigInt(deliveries[0]!.id),
    event: "push",
    statusCode: 0,
    requests: 1,
    result: "requested",
  });

  // GitHub redelivers it (same X-GitHub-Delivery), the app records it, and the sync runs.
  await eventually(async () => {
    expect((await templatesOf(t.actor.tenantId)).map((x) => x.name)).toEqual(["A", "B"]);
  }, 60_000);
  const redelivered = w.world.sim.deliveries().filter((d) => d.guid === deliveries[0]!.guid);
  expect(redelivered.map((d) => [d.redelivery, d.status])).toEqual([
    [false, null],
    [true, 200],
  ]);
  expect(await getDb().webhookDelivery.findUniqueOrThrow({ where: { id: deliveries[0]!.guid } })).toMatchObject({
    outcome: `processed: sync requested for ${sha}`,
  });

  // The next run finds nothing left to ask for: the event is recorded now.
  expect(await recoverSoonAfterStart({ delayMs: 0 })).toMatchObject({ requested: 0 });
  expect((await getDb().webhookRedelivery.findUniqueOrThrow({ where: { guid: deliveries[0]!.guid } })).requests).toBe(
    1,
  );
}, 120_000);
