import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { syncDepsFor, type SyncDeps } from "@/lib/sync/deps";
import { applySync } from "@/lib/sync/apply";
import { fetchFiles } from "@/lib/sync/fetch-files";
import { readTree, resolveHead } from "@/lib/sync/read-github";
import { failAbandonedRun, startRun } from "@/lib/sync/run-record";
import { closeNotStartedRuns, closeStalledRuns, NOT_STARTED_AFTER_MS, STALLED_AFTER_MS } from "@/lib/sync/watchdog";
import { appFor } from "../helpers/github";
import { inngestSink } from "../helpers/inngest-sink";
import { eventually } from "../helpers/eventually";
import { outboxRowsOf } from "../helpers/outbox";
import { browserHeaders } from "../helpers/session";
import {
  connectedTenant,
  latestRun,
  runSync,
  startSyncWorld,
  templatesOf,
  type SyncWorld,
} from "../helpers/sync-world";
import { createDestinationRow } from "../helpers/notify";

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
});
afterAll(() => world.stop());
beforeEach(() => {
  inngestSink().events.length = 0;
});

const doc = (name: string) => JSON.stringify({ name });
type Tenant = Awaited<ReturnType<typeof connectedTenant>>;

const runsOf = (tenantId: bigint) => getDb().syncRun.findMany({ where: { tenantId }, orderBy: { id: "asc" } });
const stagedRows = async (runId: bigint) =>
  (await getDb().syncRunListing.count({ where: { runId } })) + (await getDb().syncRunFile.count({ where: { runId } }));
const names = async (tenantId: bigint) =>
  (await templatesOf(tenantId)).filter((row) => row.deletedAt === null).map((row) => row.name);

/** Sync Now through its route: the queued run's id (the outbox row holds the request). */
async function syncNow(t: Tenant) {
  const response = await fetch(`${world.routes.url}/api/github-sync/sync`, {
    method: "POST",
    headers: await browserHeaders(t.actor),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { runId: string }).runId;
}

/** A run's first steps, as one process ran them before it was killed: the run is open and its staging written. */
async function stepsBeforeTheKill(deps: SyncDeps, t: Tenant, inngestRunId: string) {
  const start = await startRun(deps, t.request("push"), inngestRunId);
  if (start.kind !== "run") throw new Error(start.message);
  const head = await resolveHead(deps, start.context);
  await readTree(deps, start.context, head);
  await fetchFiles(deps, start.context, head);
  return { context: start.context, head };
}

/** A fresh process: its own GitHub App (no cached token) on the same database. */
const freshProcess = (): SyncDeps => {
  const app = appFor(world.sim);
  return syncDepsFor(getDb(), () => app);
};

describe("a replayed or late run never takes over a finished run's row", () => {
  it("a replayed Sync Now records a run of its own and leaves the finished one as it ended", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    const runId = await syncNow(t);
    const request = t.request("manual", { syncRunId: runId });
    expect((await runSync(world, request)).status).toBe("completed");
    const [finished] = await runsOf(t.actor.tenantId);
    expect(finished).toMatchObject({
      id: BigInt(runId),
      status: "succeeded",
      appliedAt: expect.any(Date),
      finishedAt: expect.any(Date),
    });

    // The same event again (a replay from the dashboard, or a late duplicate).
    const replay = await runSync(world, request);
    expect(replay.status).toBe("completed");
    const runs = await runsOf(t.actor.tenantId);
    expect(runs).toHaveLength(2);
    expect(runs[0]).toEqual(finished);
    expect(runs[1]).toMatchObject({ reason: "manual", finishedAt: expect.any(Date) });
    expect(runs.filter((run) => run.status === "running" || run.status === "queued")).toEqual([]);
    expect(await names(t.actor.tenantId)).toEqual(["A"]);
  });

  it("a Sync Now that starts after the watchdog closed it runs as a new run; the closed row stays closed", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    const runId = await syncNow(t);
    await eventually(async () => expect((await outboxRowsOf(t.actor.tenantId))[0]?.sentAt).toBeTruthy());
    // Inngest accepted the event and (as far as anyone can tell) dropped it: the watchdog closes the run.
    const later = new Date(Date.now() + NOT_STARTED_AFTER_MS + 60_000);
    await closeNotStartedRuns({ db: getDb(), now: () => later });
    const [closed] = await runsOf(t.actor.tenantId);
    expect(closed).toMatchObject({ id: BigInt(runId), status: "not_started", error: expect.stringMatching(/never/) });

    // Then the event runs after all.
    const late = await runSync(world, t.request("manual", { syncRunId: runId }));
    expect(late.status).toBe("completed");
    const runs = await runsOf(t.actor.tenantId);
    expect(runs[0]).toEqual(closed);
    expect(runs[1]).toMatchObject({ status: "succeeded", appliedAt: expect.any(Date) });
    expect(runs.filter((run) => run.status === "running" || run.status === "queued")).toEqual([]);
    expect(await names(t.actor.tenantId)).toEqual(["A"]);
  });

  it("the watchdog gives back only the Sync Now window its run set, never a later one", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    const runId = await syncNow(t);
    await eventually(async () => expect((await outboxRowsOf(t.actor.tenantId))[0]?.sentAt).toBeTruthy());
    const installation = { installationId: BigInt(t.installation!.id) };
    // Meanwhile a later Sync Now (another run) holds its own window.
    const laterWindow = new Date(Date.now() + NOT_STARTED_AFTER_MS + 4 * 60_000);
    await getDb().githubAppInstallation.update({ where: installation, data: { manualSyncAvailableAt: laterWindow } });
    await closeNotStartedRuns({ db: getDb(), now: () => new Date(Date.now() + NOT_STARTED_AFTER_MS + 60_000) });
    expect((await runsOf(t.actor.tenantId))[0]).toMatchObject({ id: BigInt(runId), status: "not_started" });
    expect(await getDb().githubAppInstallation.findUniqueOrThrow({ where: installation })).toMatchObject({
      manualSyncAvailableAt: laterWindow,
    });
  });
});

describe("the app process killed between two steps of a sync", () => {
  it("started again, the run resumes: the step whose answer was lost runs again and the templates are right", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A"), "b.json": doc("B") });
    await runSync(world, t.request("connect"));
    await world.sim.commit(t.fullName, {
      changes: [
        { action: "put", path: "a.json", content: doc("A2") },
        { action: "delete", path: "b.json" },
        { action: "put", path: "c.json", content: doc("C") },
      ],
    });
    // Process 1 ran fetch-files, then died before Inngest heard back.
    const { context, head } = await stepsBeforeTheKill(freshProcess(), t, "run-killed-resumed");
    expect(await names(t.actor.tenantId)).toEqual(["A", "B"]);

    // Process 2: Inngest runs fetch-files again, then apply.
    const restarted = freshProcess();
    await fetchFiles(restarted, context, head);
    expect(await applySync(restarted, context, head)).toMatchObject({
      status: "succeeded",
      counts: { created: 1, updated: 1, deleted: 1 },
    });
    expect((await names(t.actor.tenantId)).sort()).toEqual(["A2", "C"]);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "succeeded", appliedAt: expect.any(Date) });
    expect(await stagedRows(BigInt(context.runId))).toBe(0);
  });

  it("when nothing resumes it, the watchdog closes it with a reason and clears its staging; a late step applies nothing", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A"), "b.json": doc("B") });
    await runSync(world, t.request("connect"));
    await world.sim.commit(t.fullName, { changes: [{ action: "put", path: "c.json", content: doc("C") }] });
    const { context, head } = await stepsBeforeTheKill(freshProcess(), t, "run-killed-closed");
    const runId = BigInt(context.runId);
    expect(await stagedRows(runId)).toBeGreaterThan(0);

    const destination = await createDestinationRow(t.actor, "email", null);
    await closeStalledRuns({ db: getDb(), now: () => new Date() }); // still within what a run can take
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ id: runId, status: "running" });
    await closeStalledRuns({ db: getDb(), now: () => new Date(Date.now() + STALLED_AFTER_MS + 60_000) });
    const closed = await latestRun(t.actor.tenantId);
    expect(closed).toMatchObject({
      id: runId,
      status: "failed",
      finishedAt: expect.any(Date),
      appliedAt: null,
      error: expect.stringMatching(/stopped making progress .* was closed/),
    });
    expect(await stagedRows(runId)).toBe(0);
    // A stalled run failed like any other: the organization is told, once.
    expect(
      await getDb().notificationDelivery.findMany({
        where: { destinationId: destination.id },
        select: { type: true },
      }),
    ).toEqual([{ type: "sync.failing" }]);

    // The old job wakes up after all: its apply finds the run closed and its staging gone, and changes nothing.
    expect(await applySync(freshProcess(), context, head)).toMatchObject({
      status: "skipped",
      message: expect.stringMatching(/already ended \(failed\)/),
    });
    expect((await names(t.actor.tenantId)).sort()).toEqual(["A", "B"]);
    expect(await latestRun(t.actor.tenantId)).toEqual(closed);

    // The next sync brings the templates to the head; no run is left open.
    expect((await runSync(world, t.request("push"))).status).toBe("completed");
    expect((await names(t.actor.tenantId)).sort()).toEqual(["A", "B", "C"]);
    expect(
      (await runsOf(t.actor.tenantId)).filter((run) => run.status === "running" || run.status === "queued"),
    ).toEqual([]);
  });

  it("a run whose job gave up or was cancelled is closed with its staging cleared", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    const { context } = await stepsBeforeTheKill(freshProcess(), t, "run-given-up");
    const runId = BigInt(context.runId);
    expect(await stagedRows(runId)).toBeGreaterThan(0);
    expect(await failAbandonedRun(world.deps, { inngestRunId: "run-given-up" }, "GitHub kept failing.")).toBe(1);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      id: runId,
      status: "failed",
      error: "GitHub kept failing.",
    });
    expect(await stagedRows(runId)).toBe(0);
  });
});
