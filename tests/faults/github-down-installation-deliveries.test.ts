import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createActor, createTemplateRow } from "../helpers/factories";
import { startConnectedWorld } from "../helpers/connect";
import { afterDeliveries } from "../helpers/deliveries";
import { eventually } from "../helpers/eventually";
import { inngestSink } from "../helpers/inngest-sink";
import { linkRepository, orgWithRepo } from "../helpers/github";

/**
 * GitHub unreachable for a minute while installation deliveries arrive. Nothing is waited for
 * in real time: GitHub answers 502 to every API request until each delivery job has failed five
 * attempts, which on Inngest's clock (10 s × 2^n backoff, scaled 100× down by the local executor)
 * is more than a minute of outage.
 */
let world: Awaited<ReturnType<typeof startConnectedWorld>>;
beforeAll(async () => {
  world = await startConnectedWorld();
});
afterAll(() => world.stop());

const record = (installationId: number) =>
  getDb().githubAppInstallation.findUniqueOrThrow({ where: { installationId: BigInt(installationId) } });

async function linkedRepo() {
  const gh = await orgWithRepo(world.sim);
  const actor = await createActor();
  await linkRepository(world.sim, gh, actor.tenantId);
  return { ...gh, installationId: gh.installation!.id, actor };
}

/** The delivery job's failed attempts so far for a delivery. */
const failedAttemptsOf = (guid: string) =>
  inngestSink()
    .runs.filter((run) => run.event.data.deliveryId === guid)
    .flatMap((run) => run.steps)
    .filter((step) => step.error).length;

it("GitHub unreachable during installation deliveries: each is answered 202, retried, and applied once GitHub answers", async () => {
  const suspended = await linkedRepo();
  const cutOff = await linkedRepo();
  const uninstalled = await linkedRepo();
  const synced = await createTemplateRow(uninstalled.actor.tenantId, { syncSource: "a.json", syncSha: "c".repeat(40) });

  // GitHub's API is down: every request answers 502 (the webhooks still arrive, as they do).
  world.sim.injectFault({ route: "*", status: 502 });
  const deliveries = [
    await world.sim.suspend(suspended.installationId),
    ...(await world.sim.setInstallationRepositories(cutOff.installationId, { remove: [cutOff.fullName] })),
    await world.sim.uninstall(uninstalled.installationId),
  ];
  // Recorded and answered at once, whatever GitHub's state: nothing is lost.
  expect(deliveries.map((d) => [d!.event, d!.action, d!.status])).toEqual([
    ["installation", "suspend", 202],
    ["installation_repositories", "removed", 202],
    ["installation", "deleted", 202],
  ]);

  // The jobs keep failing and retrying while GitHub is down; nothing is applied from the bodies alone.
  await eventually(() => {
    for (const d of deliveries) expect(failedAttemptsOf(d!.guid)).toBeGreaterThanOrEqual(5);
  }, 60_000);
  expect((await record(suspended.installationId)).suspendedAt).toBeNull();
  expect((await record(cutOff.installationId)).brokenReason).toBeNull();
  expect((await record(uninstalled.installationId)).deletedAt).toBeNull();
  for (const d of deliveries)
    expect((await getDb().webhookDelivery.findUniqueOrThrow({ where: { id: d!.guid } })).outcome).toMatch(/^queued/);

  // GitHub is back: the next retries get GitHub's answers and apply them.
  world.sim.resetTraffic();
  const settled = await afterDeliveries(deliveries);
  expect(settled.map((row) => row.outcome)).toEqual([
    `processed: installation ${suspended.installationId} is suspended (per GitHub)`,
    "processed: connection marked broken: linked repository removed",
    `processed: installation ${uninstalled.installationId} removed; its organization's templates are editable again`,
  ]);
  expect((await record(suspended.installationId)).suspendedAt).toBeInstanceOf(Date);
  expect((await record(cutOff.installationId)).brokenReason).toMatch(/was removed from the GitHub App installation/);
  expect((await record(uninstalled.installationId)).deletedAt).toBeInstanceOf(Date);
  expect(await getDb().template.findUniqueOrThrow({ where: { id: synced.id } })).toMatchObject({ syncSource: null });
}, 120_000);
