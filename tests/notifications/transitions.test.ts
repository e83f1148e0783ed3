import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { applySync } from "@/lib/sync/apply";
import { fetchFiles } from "@/lib/sync/fetch-files";
import { readTree, resolveHead } from "@/lib/sync/read-github";
import { finishRun, markBroken, startRun } from "@/lib/sync/run-record";
import { afterDeliveries } from "../helpers/deliveries";
import { createDestinationRow, deliveriesOf } from "../helpers/notify";
import { connectedTenant, latestRun, runSync, startSyncWorld, type SyncWorld } from "../helpers/sync-world";

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
});
afterAll(() => world.stop());
// Each test runs several whole syncs through /api/inngest: on a busy machine that takes a while.
vi.setConfig({ testTimeout: 240_000 });

type Tenant = Awaited<ReturnType<typeof connectedTenant>>;
const GOOD = JSON.stringify({ name: "Good" });
const typesOf = async (t: Tenant) => (await deliveriesOf(t.actor.tenantId)).map((d) => d.type);
const push = (t: Tenant, path: string, content: string) =>
  world.sim.commit(t.fullName, { changes: [{ action: "put", path, content }] });

/** A tenant with one webhook destination for every event (the URL is never called here). */
async function watchedTenant(files: Record<string, string>) {
  const t = await connectedTenant(world, files);
  await createDestinationRow(t.actor, "webhook", "http://127.0.0.1:9/hook");
  return t;
}

describe("one notification per change of state", () => {
  it("failing runs make one 'failing' with the files, lines and commit; the first good run one 'recovered'", async () => {
    const t = await watchedTenant({ "good.json": GOOD, "bad.json": '{\n  "name": 1,\n' });
    await runSync(world, t.request("connect"));
    expect((await latestRun(t.actor.tenantId)).status).toBe("succeeded_with_errors");
    for (let i = 0; i < 3; i++) {
      await push(t, `more-${i}.json`, GOOD.replace("Good", `More ${i}`));
      await runSync(world, t.request("push"));
      expect((await latestRun(t.actor.tenantId)).status).toBe("succeeded_with_errors");
    }
    expect(await typesOf(t)).toEqual(["sync.failing"]);
    const [failing] = await deliveriesOf(t.actor.tenantId);
    const firstRun = await getDb().syncRun.findFirstOrThrow({
      where: { tenantId: t.actor.tenantId },
      orderBy: { id: "asc" },
    });
    expect(failing!.payload).toMatchObject({
      organization: { id: t.actor.tenantId.toString(), name: t.actor.tenantName },
      repository: t.fullName,
      branch: "main",
      commit: firstRun.commit,
      run: { id: firstRun.id.toString(), status: "succeeded_with_errors" },
      errors: [{ path: "bad.json", line: expect.any(Number), column: expect.any(Number), message: expect.any(String) }],
      settings_url: expect.stringMatching(/\/settings\/github-sync$/),
    });

    await push(t, "bad.json", GOOD.replace("Good", "Fixed"));
    await runSync(world, t.request("push"));
    expect((await latestRun(t.actor.tenantId)).status).toBe("succeeded");
    await push(t, "later.json", GOOD.replace("Good", "Later"));
    await runSync(world, t.request("push"));
    expect(await typesOf(t)).toEqual(["sync.failing", "sync.recovered"]);
    expect((await deliveriesOf(t.actor.tenantId))[1]!.payload).toMatchObject({
      errors: [],
      run: { status: "succeeded" },
    });
  });

  it("a hundred failed runs make one 'failing'; a good run then one 'recovered'", async () => {
    const t = await watchedTenant({ "good.json": GOOD });
    await runSync(world, t.request("connect"));
    expect(await typesOf(t)).toEqual([]);
    for (let i = 0; i < 100; i++) {
      const run = await getDb().syncRun.create({
        data: {
          tenantId: t.actor.tenantId,
          installationId: BigInt(t.installation!.id),
          reason: "push",
          status: "running",
        },
      });
      await finishRun(world.deps, run.id.toString(), "failed", { message: `GitHub answered 500 (${i})` });
    }
    expect(await typesOf(t)).toEqual(["sync.failing"]);
    expect((await deliveriesOf(t.actor.tenantId))[0]!.payload).toMatchObject({ message: "GitHub answered 500 (0)" });
    await push(t, "next.json", GOOD.replace("Good", "Next"));
    await runSync(world, t.request("push"));
    expect(await typesOf(t)).toEqual(["sync.failing", "sync.recovered"]);
  });

  it("only the destinations that chose an event receive it, and only the organization's own", async () => {
    const t = await connectedTenant(world, { "bad.json": "{" });
    const failingOnly = await createDestinationRow(t.actor, "webhook", "http://127.0.0.1:9/a", ["sync.failing"]);
    const recoveredOnly = await createDestinationRow(t.actor, "slack", "http://127.0.0.1:9/b", ["sync.recovered"]);
    const other = await connectedTenant(world, { "good.json": GOOD });
    const elsewhere = await createDestinationRow(other.actor, "webhook", "http://127.0.0.1:9/c");
    await runSync(world, t.request("connect"));
    const rows = await getDb().notificationDelivery.findMany({
      where: { destinationId: { in: [failingOnly.id, recoveredOnly.id, elsewhere.id] } },
    });
    expect(rows.map((r) => [r.destinationId, r.type, r.tenantId])).toEqual([
      [failingOnly.id, "sync.failing", t.actor.tenantId],
    ]);
  });

  it("is recorded in the apply transaction: an apply that rolls back records no notification", async () => {
    const t = await watchedTenant({ "bad.json": "{" });
    const request = t.request("connect");
    const start = await startRun(world.deps, request, `rollback-${t.actor.tenantId}`);
    if (start.kind !== "run") throw new Error(`expected a run, got ${start.status}`);
    const head = await resolveHead(world.deps, start.context);
    await readTree(world.deps, start.context, head);
    await fetchFiles(world.deps, start.context, head);
    await expect(
      applySync(world.deps, start.context, head, {
        beforeCommit: () => {
          throw new Error("the database went away");
        },
      }),
    ).rejects.toThrow("the database went away");
    expect(await typesOf(t)).toEqual([]);
    expect(await getDb().notificationState.findMany({ where: { tenantId: t.actor.tenantId, topic: "sync" } })).toEqual(
      [],
    );
  });
});

describe("connection needs attention", () => {
  it("once when it breaks, not again while it stays broken, and again after it recovered and broke anew", async () => {
    const t = await watchedTenant({ "good.json": GOOD });
    await runSync(world, t.request("connect"));
    const start = await startRun(world.deps, t.request("push"), `broken-${t.actor.tenantId}`);
    if (start.kind !== "run") throw new Error("expected a run");
    await markBroken(world.deps, start.context, "The repository is gone.");
    await markBroken(world.deps, start.context, "The repository is gone.");
    expect(await typesOf(t)).toEqual(["connection.needs_attention"]);
    expect((await deliveriesOf(t.actor.tenantId))[0]!.payload).toMatchObject({ message: "The repository is gone." });

    await getDb().githubAppInstallation.updateMany({
      where: { installationId: BigInt(t.installation!.id) },
      data: { brokenReason: null },
    });
    await push(t, "again.json", GOOD.replace("Good", "Again"));
    await runSync(world, t.request("push"));
    await markBroken(world.deps, start.context, "The repository is gone.");
    expect(await typesOf(t)).toEqual(["connection.needs_attention", "connection.needs_attention"]);
  });

  it("when GitHub suspends or uninstalls the app (webhooks), once each", async () => {
    const t = await watchedTenant({ "good.json": GOOD });
    await runSync(world, t.request("connect"));
    await afterDeliveries(await world.sim.suspend(t.installation!.id));
    expect(await typesOf(t)).toEqual(["connection.needs_attention"]);
    expect((await deliveriesOf(t.actor.tenantId))[0]!.payload).toMatchObject({
      message: expect.stringMatching(/suspended/),
    });
    await afterDeliveries(await world.sim.unsuspend(t.installation!.id));
    expect(await typesOf(t)).toEqual(["connection.needs_attention"]);
    await afterDeliveries(await world.sim.uninstall(t.installation!.id));
    const types = await typesOf(t);
    expect(types).toEqual(["connection.needs_attention", "connection.needs_attention"]);
    expect((await deliveriesOf(t.actor.tenantId))[1]!.payload).toMatchObject({
      message: expect.stringMatching(/uninstalled/),
      repository: t.fullName,
    });
  });
});
