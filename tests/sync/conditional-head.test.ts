import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { loadGithubApp } from "@/lib/github/app";
import { chooseRepository } from "@/lib/github-sync/repositories";
import { readBranchHead } from "@/lib/sync/branch-head";
import { defaultSyncDeps } from "@/lib/sync/deps";
import { findStaleConnections, IN_FLIGHT_GRACE_MS } from "@/lib/sync/reconcile";
import {
  connectedTenant,
  latestRun,
  runSync,
  startSyncWorld,
  templatesOf,
  type SyncWorld,
} from "../helpers/sync-world";

/**
 * The branch head is read with the ETag of the last answer (lib/sync/branch-head.ts): an
 * unchanged branch answers 304, which GitHub does not count against the installation's rate
 * limit. The simulator charges and counts like GitHub (tools/github-simulator/conditional.ts).
 * Syncs run through the real /api/inngest route, whose job client keeps its installation token
 * between runs as a long-running server does (GitHub's ETags are specific to the token).
 */
let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
});
afterAll(() => world.stop());
afterEach(() => world.sim.resetTraffic());

type Tenant = Awaited<ReturnType<typeof connectedTenant>>;
const doc = (name: string) => JSON.stringify({ name });
/** What the installation's rate limit was charged for since the last reset (a 304 is not). */
const charged = (t: Tenant) => world.sim.counters().rateLimitByInstallation[String(t.installation!.id)] ?? 0;
const storedHead = (t: Tenant) =>
  getDb().branchHeadEtag.findFirst({
    where: { installationId: BigInt(t.installation!.id), tenantId: t.actor.tenantId },
  });

describe("a no-op sync costs no rate limit", () => {
  it("reads an unchanged head with its ETag: GitHub answers 304, the run is skipped, and the installation is charged nothing", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    const head = await world.sim.commit(t.fullName, {
      message: "Add B\n\nbody",
      changes: [{ action: "put", path: "b.json", content: doc("B") }],
    });
    await runSync(world, t.request("connect"));
    expect(await storedHead(t)).toMatchObject({ branch: "main", repository: t.fullName, sha: head.sha });
    world.sim.resetTraffic();

    const run = await runSync(world, t.request("push"));
    expect(run.result).toMatchObject({ status: "skipped", commit: head.sha });
    expect(run.stepsRun).toEqual(["start-run", "resolve-head", "record-skip"]);
    expect(charged(t)).toBe(0);
    expect(world.sim.counters()).toMatchObject({ conditional: 1, byStatus: { "304": 1 } });
    // The run still names the commit as people know it, from what was stored with the ETag.
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      status: "skipped",
      commit: head.sha,
      commitMessage: "Add B",
      githubRequests: 1,
      notModified: 1,
    });
  });

  it("Sync Now of an unchanged branch pays for the tree it plans from, not for the head", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    await runSync(world, t.request("connect"));
    world.sim.resetTraffic();
    await runSync(world, t.request("manual"));
    const run = await latestRun(t.actor.tenantId);
    expect(run).toMatchObject({ status: "succeeded", unchanged: 1, notModified: 1 });
    // Every request but the head's 304 is charged: the tree, and the check run the sync reports.
    const counters = world.sim.counters();
    expect(counters.byStatus["304"]).toBe(1);
    expect(charged(t)).toBe(counters.byInstallation[String(t.installation!.id)]! - 1);
    expect(counters.byRoute["GET /repos/{owner}/{repo}/git/trees/{sha+}"]).toBe(1);
  });

  it("after a new commit the ETag no longer matches: the 200 answer is used, synced, and stored with its new ETag", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    await runSync(world, t.request("connect"));
    const before = (await storedHead(t))!;
    const next = await world.sim.commit(t.fullName, {
      changes: [{ action: "put", path: "a.json", content: doc("A2") }],
    });
    world.sim.resetTraffic();

    await runSync(world, t.request("push"));
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      status: "succeeded",
      commit: next.sha,
      updated: 1,
      notModified: 0,
    });
    expect((await templatesOf(t.actor.tenantId)).map((x) => x.name)).toEqual(["A2"]);
    expect(world.sim.counters()).toMatchObject({ conditional: 1 });
    expect(world.sim.counters().byStatus["304"]).toBeUndefined();
    const after = (await storedHead(t))!;
    expect(after).toMatchObject({ sha: next.sha });
    expect(after.etag).not.toBe(before.etag);

    // The new ETag is the one asked with next time.
    world.sim.resetTraffic();
    await runSync(world, t.request("push"));
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "skipped", notModified: 1 });
    expect(charged(t)).toBe(0);
  });

  it("reconcile checks an unchanged branch for free, and a changed one once; its run then reads the head for free", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    await runSync(world, t.request("connect"));
    // Past the grace period, so reconcile checks this organization instead of leaving it to its sync request.
    await getDb().syncOutbox.updateMany({
      where: { tenantId: t.actor.tenantId },
      data: { createdAt: new Date(Date.now() - IN_FLIGHT_GRACE_MS - 1000), sentAt: new Date() },
    });
    // The reconcile job's own dependencies: the same process-wide job client as the sync's.
    const deps = defaultSyncDeps();
    world.sim.resetTraffic();
    expect(await findStaleConnections(deps)).not.toContainEqual(t.request("reconcile"));
    expect(world.sim.counters().byInstallation[String(t.installation!.id)]).toBe(1);
    expect(charged(t)).toBe(0);

    const next = await world.sim.commit(t.fullName, {
      changes: [{ action: "put", path: "b.json", content: doc("B") }],
    });
    await getDb().syncOutbox.updateMany({
      where: { tenantId: t.actor.tenantId },
      data: { createdAt: new Date(Date.now() - IN_FLIGHT_GRACE_MS - 1000), sentAt: new Date() },
    });
    world.sim.resetTraffic();
    expect(await findStaleConnections(deps)).toContainEqual(t.request("reconcile"));
    expect(charged(t)).toBe(1);
    expect(await storedHead(t)).toMatchObject({ sha: next.sha });

    await runSync(world, t.request("reconcile"));
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "succeeded", commit: next.sha, notModified: 1 });
  });
});

describe("the stored ETag belongs to one repository and branch", () => {
  it("changing the branch forgets it: the new branch is read in full and synced", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    await runSync(world, t.request("connect"));
    await world.sim.createBranch(t.fullName, "release");
    const release = await world.sim.commit(t.fullName, {
      branch: "release",
      changes: [{ action: "put", path: "r.json", content: doc("R") }],
    });
    await chooseRepository(t.actor, { repository: t.fullName, branch: "release", folder: "" });
    expect(await storedHead(t)).toBeNull();
    world.sim.resetTraffic();

    await runSync(world, t.request("connect"));
    expect(world.sim.counters().conditional).toBe(0);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      status: "succeeded",
      commit: release.sha,
      notModified: 0,
    });
    expect(await storedHead(t)).toMatchObject({ branch: "release", sha: release.sha });
  });

  it("keeps the ETag when only the folder changes (the head is the same)", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A"), "sub/b.json": doc("B") });
    await runSync(world, t.request("connect"));
    const before = (await storedHead(t))!;
    await chooseRepository(t.actor, { repository: t.fullName, branch: "main", folder: "sub" });
    expect((await storedHead(t))!.etag).toBe(before.etag);
    await runSync(world, t.request("connect"));
    expect((await templatesOf(t.actor.tenantId)).filter((x) => !x.deletedAt).map((x) => x.name)).toEqual(["B"]);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ notModified: 1 });
  });

  it("never sends it for another branch or another organization, even while it is stored", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    await runSync(world, t.request("connect"));
    await world.sim.createBranch(t.fullName, "other");
    const octokit = await (await loadGithubApp("job")).getInstallationOctokit(t.installation!.id);
    const main = {
      tenantId: t.actor.tenantId,
      installationId: BigInt(t.installation!.id),
      repository: t.fullName,
      branch: "main",
    };
    const conditionalRead = async (target: typeof main) => {
      world.sim.resetTraffic();
      const { notModified } = await readBranchHead(getDb(), octokit, target);
      return { notModified, conditional: world.sim.counters().conditional };
    };
    expect(await conditionalRead(main)).toEqual({ notModified: true, conditional: 1 });
    expect(await conditionalRead({ ...main, tenantId: t.actor.tenantId + 1_000_000n })).toEqual({
      notModified: false,
      conditional: 0,
    });
    await conditionalRead(main);
    expect(await storedHead(t)).toMatchObject({ branch: "main" });
    expect(await conditionalRead({ ...main, branch: "other" })).toEqual({ notModified: false, conditional: 0 });
  });
});
