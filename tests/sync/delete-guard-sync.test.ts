import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { applySync } from "@/lib/sync/apply";
import { deleteGuardMessage } from "@/lib/sync/delete-guard";
import { findPendingConfirmation } from "@/lib/sync/delete-confirmation";
import type { SyncDeps } from "@/lib/sync/deps";
import { fetchFiles } from "@/lib/sync/fetch-files";
import { readTree, resolveHead } from "@/lib/sync/read-github";
import { findStaleConnections, IN_FLIGHT_GRACE_MS } from "@/lib/sync/reconcile";
import { startRun } from "@/lib/sync/run-record";
import { closeNotStartedRuns, NOT_STARTED_AFTER_MS } from "@/lib/sync/watchdog";
import { inngestSink } from "../helpers/inngest-sink";
import { outboxRowsOf, sentEventsOf } from "../helpers/outbox";
import { appOrigin, browserHeaders, sessionCookie } from "../helpers/session";
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
beforeEach(() => {
  inngestSink().events.length = 0;
});

type Tenant = Awaited<ReturnType<typeof connectedTenant>>;
const doc = (name: string) => JSON.stringify({ name });
const folderOf = (count: number) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`templates/t${String(i).padStart(2, "0")}.json`, doc(`T${i}`)]),
  );

/** A tenant synced from `templates/` with `count` templates (and a README the sync ignores). */
async function syncedTenant(count: number) {
  const t = await connectedTenant(world, { ...folderOf(count), "README.md": "# templates" }, { folder: "templates" });
  expect((await runSync(world, t.request("connect"))).result).toMatchObject({ status: "succeeded" });
  return t;
}

const connectionOf = (t: Tenant) =>
  getDb().githubAppInstallation.findUniqueOrThrow({ where: { installationId: BigInt(t.installation!.id) } });

async function deletePaths(t: Tenant, paths: string[]) {
  await world.sim.commit(t.fullName, { changes: paths.map((path) => ({ action: "delete" as const, path })) });
  return t.repo.git.branchHead("main");
}

/** The whole folder deleted on GitHub, then the push's sync: held back. */
async function heldTenant(count = 3) {
  const t = await syncedTenant(count);
  const before = { templates: await templatesOf(t.actor.tenantId), connection: await connectionOf(t) };
  const head = await deletePaths(t, Object.keys(folderOf(count)));
  const run = await runSync(world, t.request("push"));
  return { t, before, head, run, held: await latestRun(t.actor.tenantId) };
}

async function decide(
  t: Tenant,
  runId: bigint | string,
  decision: string,
  { actor = t.actor, origin = appOrigin() }: { actor?: Actor; origin?: string | null } = {},
) {
  const response = await fetch(`${world.routes.url}/api/github-sync/runs/${runId}/decision`, {
    method: "POST",
    headers: {
      cookie: await sessionCookie(actor),
      "content-type": "application/json",
      ...(origin ? { origin } : {}),
    },
    body: JSON.stringify({ decision }),
  });
  return { status: response.status, body: await response.json() };
}

/** The Apply anyway request the outbox relayed (the pushes' own requests are relayed too). */
async function confirmEvent(t: Tenant) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const event = sentEventsOf(t.actor.tenantId).find((e) => e.data.reason === "confirm");
    if (event) return event;
    if (Date.now() > deadline) throw new Error("no Apply anyway request was relayed");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the mass-delete guard in the sync", () => {
  it("holds back a sync that deletes the whole folder: nothing applied, the run needs confirmation with the plan", async () => {
    const { t, before, head, run, held } = await heldTenant(3);
    expect(run.result).toMatchObject({ status: "needs_confirmation", commit: head });
    expect(held).toMatchObject({
      status: "needs_confirmation",
      reason: "push",
      commit: head,
      deleted: 0,
      error: deleteGuardMessage({ deleting: 3, synced: 3 }),
      heldPlan: {
        deleting: 3,
        synced: 3,
        paths: ["templates/t00.json", "templates/t01.json", "templates/t02.json"],
        more: 0,
        counts: { deleted: 3, created: 0 },
      },
    });
    expect(await templatesOf(t.actor.tenantId)).toEqual(before.templates);
    const connection = await connectionOf(t);
    expect(connection).toMatchObject({
      lastSyncHash: before.connection.lastSyncHash,
      lastSyncAt: before.connection.lastSyncAt,
      heldSyncHash: head,
    });
    expect(await findPendingConfirmation(world.deps, t.actor)).toMatchObject({
      runId: held.id.toString(),
      commit: head,
      plan: { deleting: 3, synced: 3 },
    });
  });

  it("Apply anyway queues a sync, outside Sync Now's window, that deletes exactly that commit's templates", async () => {
    const { t, head, held } = await heldTenant(3);
    const answer = await decide(t, held.id, "apply_anyway");
    expect(answer.status).toBe(202);
    expect(await getDb().syncRun.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({ status: "confirmed" });
    const sent = await confirmEvent(t);
    expect(sent).toMatchObject({
      name: "github/templates.sync.requested",
      data: { ...t.request("confirm"), syncRunId: answer.body.runId },
    });
    expect(await connectionOf(t)).toMatchObject({ manualSyncAvailableAt: null, deleteConfirmedHash: head });

    expect((await runSync(world, sent.data as never)).result).toMatchObject({ status: "succeeded" });
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      id: BigInt(answer.body.runId),
      reason: "confirm",
      status: "succeeded",
      commit: head,
      deleted: 3,
    });
    const templates = await templatesOf(t.actor.tenantId);
    expect(templates).toHaveLength(3);
    for (const template of templates) expect(template.deletedAt).toBeInstanceOf(Date);
    expect(await connectionOf(t)).toMatchObject({ lastSyncHash: head, heldSyncHash: null, deleteConfirmedHash: null });
    expect(await findPendingConfirmation(world.deps, t.actor)).toBeNull();
    // Answered once: a second click changes nothing.
    expect((await decide(t, held.id, "apply_anyway")).status).toBe(409);
  });

  it("Keep current templates applies nothing and does not ask again for that commit", async () => {
    const { t, before, head, held } = await heldTenant(3);
    const answer = await decide(t, held.id, "keep_current");
    expect(answer).toMatchObject({ status: 200, body: { decision: "keep_current" } });
    expect(await getDb().syncRun.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({
      status: "kept_current",
    });
    expect(await findPendingConfirmation(world.deps, t.actor)).toBeNull();
    expect(await outboxRowsOf(t.actor.tenantId)).toSatisfy((rows: { reason: string }[]) =>
      rows.every((row) => row.reason === "push"),
    );

    // Reconcile (once the push's request is sent and past the debounce) does not request the held head again…
    await getDb().syncOutbox.updateMany({
      where: { tenantId: t.actor.tenantId },
      data: { createdAt: new Date(Date.now() - IN_FLIGHT_GRACE_MS - 1000), sentAt: new Date() },
    });
    expect(await findStaleConnections(world.deps)).not.toContainEqual(t.request("reconcile"));
    // …and a redelivered push of it is skipped without planning.
    const again = await runSync(world, t.request("push"));
    expect(again.stepsRun).toEqual(["start-run", "resolve-head", "record-skip"]);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "skipped", commit: head });
    expect(await findPendingConfirmation(world.deps, t.actor)).toBeNull();
    expect(await templatesOf(t.actor.tenantId)).toEqual(before.templates);
    expect(await connectionOf(t)).toMatchObject({ lastSyncHash: before.connection.lastSyncHash, heldSyncHash: head });
  });

  it("plans a new push after a held commit again, and the older plan can no longer be confirmed", async () => {
    const { t, head: first, held } = await heldTenant(3);
    await world.sim.commit(t.fullName, {
      changes: [{ action: "put", path: "templates/new.json", content: doc("New") }],
    });
    const second = await t.repo.git.branchHead("main");
    const run = await runSync(world, t.request("push"));
    expect(run.stepsRun).toContain("read-tree");
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      status: "needs_confirmation",
      commit: second,
      heldPlan: { deleting: 3, synced: 3, counts: { created: 1, deleted: 3 } },
    });
    expect(await getDb().syncRun.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({
      status: "skipped",
      commit: first,
    });
    expect((await connectionOf(t)).heldSyncHash).toBe(second);
    expect((await decide(t, held.id, "apply_anyway")).status).toBe(409);
    expect((await templatesOf(t.actor.tenantId)).every((x) => x.deletedAt === null)).toBe(true);
  });

  it("an Apply anyway the job service never starts is closed as not started; the confirmation stands for reconcile", async () => {
    const { t, head, held } = await heldTenant(3);
    const syncNowWindow = new Date(Date.now() + 4 * 60_000);
    await getDb().githubAppInstallation.update({
      where: { installationId: BigInt(t.installation!.id) },
      data: { manualSyncAvailableAt: syncNowWindow },
    });
    const answer = await decide(t, held.id, "apply_anyway");
    await confirmEvent(t); // accepted, then (say) replaced in the debounce: no run ever starts
    await getDb().syncOutbox.updateMany({
      where: { tenantId: t.actor.tenantId },
      data: { createdAt: new Date(Date.now() - IN_FLIGHT_GRACE_MS - 1000), sentAt: new Date() },
    });
    await closeNotStartedRuns({ db: getDb(), now: () => new Date(Date.now() + NOT_STARTED_AFTER_MS + 60_000) });
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      id: BigInt(answer.body.runId),
      status: "not_started",
      error: expect.stringMatching(/never started/),
    });
    // Sync Now's window is its own; the confirmed commit is still allowed, so reconcile asks for it.
    expect(await connectionOf(t)).toMatchObject({ manualSyncAvailableAt: syncNowWindow, deleteConfirmedHash: head });
    expect(await findStaleConnections(world.deps)).toContainEqual(t.request("reconcile"));
  });

  it("Apply anyway for a commit the branch has moved past plans the new head and guards it again", async () => {
    const { t, head, held } = await heldTenant(3);
    expect((await decide(t, held.id, "apply_anyway")).status).toBe(202);
    const sent = await confirmEvent(t);
    await world.sim.commit(t.fullName, { changes: [{ action: "put", path: "other/x.json", content: doc("X") }] });
    const moved = await t.repo.git.branchHead("main");
    expect(moved).not.toBe(head);
    expect((await runSync(world, sent.data as never)).result).toMatchObject({ status: "needs_confirmation" });
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ reason: "confirm", commit: moved });
    expect((await templatesOf(t.actor.tenantId)).every((x) => x.deletedAt === null)).toBe(true);
  });

  it("a folder renamed on GitHub is held; choosing the new folder syncs it as moves, keeping every template", async () => {
    const t = await syncedTenant(3);
    const before = await templatesOf(t.actor.tenantId);
    await world.sim.commit(t.fullName, {
      changes: Object.keys(folderOf(3)).map((from) => ({
        action: "move" as const,
        from,
        path: from.replace("templates/", "renamed/"),
      })),
    });
    await runSync(world, t.request("push"));
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "needs_confirmation" });

    const chosen = await fetch(`${world.routes.url}/api/github-sync/repository`, {
      method: "PUT",
      headers: { ...(await browserHeaders(t.actor)), "content-type": "application/json" },
      body: JSON.stringify({ repository: t.fullName, branch: "main", folder: "renamed" }),
    });
    expect(chosen.status).toBe(200);
    expect(await connectionOf(t)).toMatchObject({ heldSyncHash: null });
    expect((await runSync(world, t.request("connect"))).result).toMatchObject({ status: "succeeded" });
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ moved: 3, deleted: 0 });
    const after = await templatesOf(t.actor.tenantId);
    expect(after.map((x) => [x.id, x.syncSource, x.deletedAt])).toEqual(
      before.map((x) => [x.id, x.syncSource!.replace("templates/", "renamed/"), null]),
    );
  });

  it("applies a plan under the threshold as before", async () => {
    const t = await syncedTenant(20);
    // Exactly half is not more than half: applied.
    const head = await deletePaths(t, Object.keys(folderOf(20)).slice(0, 10));
    expect((await runSync(world, t.request("push"))).result).toMatchObject({ status: "succeeded" });
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "succeeded", deleted: 10, heldPlan: null });
    expect(await connectionOf(t)).toMatchObject({ lastSyncHash: head, heldSyncHash: null });
    expect((await templatesOf(t.actor.tenantId)).filter((x) => x.deletedAt)).toHaveLength(10);
  });

  it("follows a lower configured threshold", async () => {
    const t = await syncedTenant(10);
    await deletePaths(t, ["templates/t00.json", "templates/t01.json"]);
    const syncWith = async (deps: SyncDeps) => {
      const start = await startRun(deps, t.request("push"), `guard-${Math.random()}`);
      if (start.kind !== "run") throw new Error(start.message);
      const head = await resolveHead(deps, start.context);
      await readTree(deps, start.context, head);
      await fetchFiles(deps, start.context, head);
      return applySync(deps, start.context, head);
    };
    const strict = { ...world.deps, limits: { deleteGuardPercent: 10, deleteGuardMinimum: 2 } };
    expect(await syncWith(strict)).toMatchObject({ status: "needs_confirmation" });
    expect((await templatesOf(t.actor.tenantId)).every((x) => x.deletedAt === null)).toBe(true);
    // The same plan under the default threshold (2 of 10) is applied.
    expect(await syncWith(world.deps)).toMatchObject({ status: "succeeded", counts: { deleted: 2 } });
  });

  it("takes decisions from admins on the app's own pages only", async () => {
    const { t, held } = await heldTenant(3);
    const member = { ...t.actor, role: "member" as const };
    await getDb().membership.updateMany({ where: { userId: t.actor.userId }, data: { role: "member" } });
    expect(await decide(t, held.id, "apply_anyway", { actor: member })).toMatchObject({
      status: 403,
      body: { error: { code: "forbidden" } },
    });
    await getDb().membership.updateMany({ where: { userId: t.actor.userId }, data: { role: "admin" } });
    for (const origin of ["https://evil.example", null]) {
      expect(await decide(t, held.id, "apply_anyway", { origin })).toMatchObject({
        status: 403,
        body: { error: { code: "cross_site" } },
      });
    }
    // Another organization's admin cannot answer it either: it is not found there.
    const other = await connectedTenant(world, { "a.json": doc("A") });
    expect((await decide(other, held.id, "apply_anyway")).status).toBe(404);
    expect(await getDb().syncRun.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({
      status: "needs_confirmation",
    });
    expect(await connectionOf(t)).toMatchObject({ deleteConfirmedHash: null });
    expect(sentEventsOf(t.actor.tenantId).filter((e) => e.data.reason === "confirm")).toEqual([]);
  });
});
