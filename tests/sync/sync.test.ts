import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { gitBlobSha } from "@/lib/sync/git-blob";
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
afterEach(() => world.sim.resetTraffic());

const doc = (name: string, extra: Record<string, unknown> = {}) => JSON.stringify({ name, ...extra }, null, 2);

describe("SyncGitHubTemplates through /api/inngest", () => {
  it("initial sync creates a template per .json file, with path and git blob SHA", async () => {
    const t = await connectedTenant(world, {
      "a.json": doc("Alpha", { description: "First" }),
      "dir/b.json": doc("Beta"),
      "README.md": "# no",
      "x.txt": "{}",
    });
    const run = await runSync(world, t.request("connect"));
    expect(run.status).toBe("completed");
    expect(run.stepsRun).toEqual(["start-run", "resolve-head", "read-tree", "fetch-files", "apply", "report-check"]);
    const templates = await templatesOf(t.actor.tenantId);
    expect(templates.map((x) => [x.syncSource, x.name, x.description, x.deletedAt])).toEqual([
      ["a.json", "Alpha", "First", null],
      ["dir/b.json", "Beta", null, null],
    ]);
    expect(templates[0]!.syncSha).toBe(gitBlobSha(Buffer.from(doc("Alpha", { description: "First" }))));
    expect(templates[0]!.content).toEqual({ name: "Alpha", description: "First" });
    const head = await t.repo.git.branchHead("main");
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      status: "succeeded",
      reason: "connect",
      commit: head,
      created: 2,
      invalid: 0,
      inngestRunId: run.runId,
    });
    expect(
      await getDb().githubAppInstallation.findUnique({ where: { installationId: BigInt(t.installation!.id) } }),
    ).toMatchObject({ lastSyncHash: head, lastSyncErrors: [] });
  });

  it("updates changed files in place, deletes missing ones softly, and revives a path that reappears with the same id", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A"), "b.json": doc("B") });
    await runSync(world, t.request("connect"));
    const [a, b] = await templatesOf(t.actor.tenantId);
    await world.sim.commit(t.fullName, {
      changes: [
        { action: "put", path: "a.json", content: doc("A2") },
        { action: "delete", path: "b.json" },
      ],
    });
    await runSync(world, t.request("push"));
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      status: "succeeded",
      updated: 1,
      deleted: 1,
      unchanged: 0,
      created: 0,
    });
    let rows = await templatesOf(t.actor.tenantId);
    expect(rows.find((r) => r.id === a!.id)).toMatchObject({ name: "A2", deletedAt: null });
    expect(rows.find((r) => r.id === b!.id)!.deletedAt).toBeInstanceOf(Date);

    await world.sim.commit(t.fullName, { changes: [{ action: "put", path: "b.json", content: doc("B") }] });
    await runSync(world, t.request("push"));
    rows = await templatesOf(t.actor.tenantId);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === b!.id)).toMatchObject({ syncSource: "b.json", deletedAt: null, name: "B" });
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ updated: 1, unchanged: 1 });
  });

  it("keeps the template (same id) when a file moves", async () => {
    const t = await connectedTenant(world, { "old/place.json": doc("Mover"), "stay.json": doc("Stay") });
    await runSync(world, t.request("connect"));
    const before = (await templatesOf(t.actor.tenantId)).find((r) => r.syncSource === "old/place.json")!;
    await world.sim.commit(t.fullName, {
      changes: [{ action: "move", from: "old/place.json", path: "new/place.json" }],
    });
    await runSync(world, t.request("push"));
    const after = await getDb().template.findUniqueOrThrow({ where: { id: before.id } });
    expect(after).toMatchObject({ syncSource: "new/place.json", deletedAt: null, name: "Mover" });
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ moved: 1, unchanged: 1, created: 0, deleted: 0 });
    expect((await templatesOf(t.actor.tenantId)).length).toBe(2);
  });

  it("reports every kind of invalid file without harming valid ones, and keeps the last good version", async () => {
    const t = await connectedTenant(world, { "good.json": doc("Good"), "turns-bad.json": doc("Was fine") });
    await runSync(world, t.request("connect"));
    const original = (await templatesOf(t.actor.tenantId)).find((r) => r.syncSource === "turns-bad.json")!;
    world.sim.resetTraffic();
    await world.sim.commit(t.fullName, {
      changes: [
        { action: "put", path: "turns-bad.json", content: '{\n  "name": "oops",\n}' },
        { action: "put", path: "array.json", content: "[1, 2]" },
        { action: "put", path: "no-name.json", content: '{"description": "x"}' },
        { action: "put", path: "empty-name.json", content: '{"name": ""}' },
        { action: "put", path: "long-name.json", content: JSON.stringify({ name: "n".repeat(201) }) },
        { action: "put", path: "bad-description.json", content: '{"name": "x", "description": 42}' },
        {
          action: "put",
          path: "latin1.json",
          content: Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]),
        },
        { action: "put", path: "dupes.json", content: '{"name": "a",\n "name": "b"}' },
        {
          action: "put",
          path: "huge.json",
          content: JSON.stringify({ name: "Huge", pad: "x".repeat(2 * 1024 * 1024) }),
        },
        {
          action: "put",
          path: "bom.json",
          content: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc("With BOM"))]),
        },
        { action: "put", path: "new.json", content: doc("New") },
      ],
    });
    const run = await runSync(world, t.request("push"));
    expect(run.status).toBe("completed");
    const summary = await latestRun(t.actor.tenantId);
    expect(summary).toMatchObject({ status: "succeeded_with_errors", created: 2, unchanged: 1, invalid: 9 });
    const errors = Object.fromEntries(
      (summary.errors as { path: string; message: string; line?: number; column?: number }[]).map((e) => [e.path, e]),
    );
    expect(errors["turns-bad.json"]).toMatchObject({
      line: 3,
      column: 1,
      message: expect.stringMatching(/^Invalid JSON/),
    });
    expect(errors["array.json"]!.message).toBe("A template must be a JSON object");
    expect(errors["no-name.json"]!.message).toMatch(/"name" must be a string/);
    expect(errors["empty-name.json"]!.message).toMatch(/must not be empty/);
    expect(errors["long-name.json"]!.message).toMatch(/at most 200 characters/);
    expect(errors["bad-description.json"]!.message).toMatch(/"description" must be a string/);
    expect(errors["latin1.json"]!.message).toBe("The file is not valid UTF-8.");
    expect(errors["dupes.json"]).toMatchObject({
      message: expect.stringMatching(/duplicate key "name"/),
      line: 2,
      column: 2,
    });
    expect(errors["huge.json"]!.message).toMatch(/limited to 1 MB/);
    const rows = await templatesOf(t.actor.tenantId);
    expect(rows.map((r) => r.syncSource)).toEqual(["bom.json", "good.json", "new.json", "turns-bad.json"]);
    expect(rows.find((r) => r.id === original.id)).toMatchObject({
      name: "Was fine",
      syncSha: original.syncSha,
      deletedAt: null,
    });
    const installation = await getDb().githubAppInstallation.findUniqueOrThrow({
      where: { installationId: BigInt(t.installation!.id) },
    });
    expect((installation.lastSyncErrors as unknown[]).length).toBe(9);
    // The 2 MB file was never downloaded.
    expect(world.sim.counters().byRoute["GET /repos/{owner}/{repo}/git/blobs/{sha}"]).toBe(10);
  });

  it("syncs only .json files under the configured folder", async () => {
    const t = await connectedTenant(
      world,
      {
        "templates/a.json": doc("In"),
        "templates/deep/b.json": doc("Deep"),
        "other/c.json": doc("Out"),
        "root.json": doc("Root"),
        "templatesX/d.json": doc("Near"),
      },
      { folder: "templates" },
    );
    await runSync(world, t.request("connect"));
    expect((await templatesOf(t.actor.tenantId)).map((r) => r.syncSource)).toEqual([
      "templates/a.json",
      "templates/deep/b.json",
    ]);
  });

  it("falls back to the tarball when GitHub truncates the tree", async () => {
    const files = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`t/${i}.json`, doc(`T${i}`)]));
    const t = await connectedTenant(world, files);
    t.repo.truncateTreesAt = 3;
    await runSync(world, t.request("connect"));
    expect((await templatesOf(t.actor.tenantId)).length).toBe(8);
    expect(world.sim.counters().byRoute["GET /repos/{owner}/{repo}/tarball/{ref*}"]).toBeGreaterThanOrEqual(1);
    expect(world.sim.counters().byRoute["GET /repos/{owner}/{repo}/git/blobs/{sha}"]).toBeUndefined();
  });

  it("costs at most 2 GitHub requests, token included, when nothing changed", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    await runSync(world, t.request("connect"));
    world.sim.resetTraffic();
    const run = await runSync(world, t.request("push"));
    expect(run.result).toMatchObject({ status: "skipped" });
    expect(world.sim.counters().byInstallation[String(t.installation!.id)] ?? 0).toBeLessThanOrEqual(2);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "skipped", githubRequests: 1 });
  });

  it("costs at most 3 + changed files for an incremental sync, whatever the repository's size", async () => {
    const files = Object.fromEntries(
      Array.from({ length: 120 }, (_, i) => [`t/${String(i).padStart(3, "0")}.json`, doc(`T${i}`)]),
    );
    const t = await connectedTenant(world, files);
    await runSync(world, t.request("connect"));
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ created: 120 });
    await world.sim.commit(t.fullName, {
      changes: Array.from({ length: 10 }, (_, i) => ({
        action: "put" as const,
        path: `t/${String(i * 7).padStart(3, "0")}.json`,
        content: doc(`Changed ${i}`),
      })),
    });
    world.sim.resetTraffic();
    await runSync(world, t.request("push"));
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ updated: 10, unchanged: 110 });
    expect(world.sim.counters().byInstallation[String(t.installation!.id)]).toBeLessThanOrEqual(3 + 10);
  });

  it("recovers from GitHub 500s and rate limits by retrying, and says when to retry", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A"), "b.json": doc("B") });
    world.sim.injectFault({ route: "GET /repos/{owner}/{repo}/git/trees/{sha+}", status: 500, times: 2 });
    world.sim.injectFault({
      route: "GET /repos/{owner}/{repo}/git/blobs/{sha}",
      secondaryRateLimit: { retryAfterSeconds: 30 },
      times: 1,
    });
    const run = await runSync(world, t.request("connect"));
    expect(run.status).toBe("completed");
    expect(run.failures.map((f) => [f.step, f.name])).toEqual([
      ["read-tree", "GithubAnswered"],
      ["read-tree", "GithubAnswered"],
      ["fetch-files", "RetryAfterError"],
    ]);
    // Inngest is told to wait as long as GitHub asked (30 s).
    const waitMs = Date.parse(run.failures[2]!.retryAfter!) - Date.now();
    expect(waitMs).toBeGreaterThan(20_000);
    expect(waitMs).toBeLessThanOrEqual(31_000);
    expect((await templatesOf(t.actor.tenantId)).length).toBe(2);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "succeeded", created: 2 });
  });

  it("waits for the reset GitHub gives when the primary rate limit is spent", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    world.sim.setRateLimit(t.installation!.id, { remaining: 0, resetInSeconds: 120 });
    const first = await runSync(world, t.request("connect"), { maxAttempts: 1 });
    expect(first.status).toBe("failed");
    const [limited] = first.failures;
    expect(limited).toMatchObject({ step: "resolve-head", name: "RetryAfterError", noRetry: false });
    // The reset GitHub gave, two minutes ahead.
    expect(Date.parse(limited!.retryAfter!) - Date.now()).toBeGreaterThan(100_000);
  });

  it("marks the connection when the branch is gone, without retrying", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    await getDb().githubAppInstallation.update({
      where: { installationId: BigInt(t.installation!.id) },
      data: { defaultBranch: "gone" },
    });
    const run = await runSync(world, t.request("push"));
    expect(run.status).toBe("failed");
    expect(run.failures).toEqual([expect.objectContaining({ step: "resolve-head", name: "NonRetriableError" })]);
    expect(
      (await getDb().githubAppInstallation.findUniqueOrThrow({ where: { installationId: BigInt(t.installation!.id) } }))
        .brokenReason,
    ).toMatch(/GitHub answered 404 while reading branch gone/);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "failed", error: expect.stringMatching(/404/) });
  });

  it("ends at the branch head after a burst of 50 pushes, whatever order their syncs run in", async () => {
    const t = await connectedTenant(world, { "counter.json": doc("0") });
    const pushes: string[] = [];
    for (let i = 1; i <= 50; i++)
      pushes.push(
        (
          await world.sim.commit(t.fullName, {
            changes: [
              { action: "put", path: "counter.json", content: doc(String(i)) },
              { action: "put", path: `f/${i % 7}.json`, content: doc(`file ${i}`) },
            ],
          })
        ).sha,
      );
    const order = [pushes[49], pushes[3], pushes[20], pushes[0]];
    await Promise.all(order.slice(0, 3).map((commit) => runSync(world, t.request("push", { commit }))));
    await runSync(world, t.request("push", { commit: order[3] }));
    const rows = await templatesOf(t.actor.tenantId);
    expect(rows.find((r) => r.syncSource === "counter.json")!.name).toBe("50");
    expect(rows.filter((r) => !r.deletedAt)).toHaveLength(8);
    expect(
      (await getDb().githubAppInstallation.findUniqueOrThrow({ where: { installationId: BigInt(t.installation!.id) } }))
        .lastSyncHash,
    ).toBe(pushes[49]);
  }, 120_000);

  it("never rolls back when an old event is replayed", async () => {
    const t = await connectedTenant(world, { "a.json": doc("v1") });
    const first = await world.sim.commit(t.fullName, {
      changes: [{ action: "put", path: "a.json", content: doc("v2") }],
    });
    await runSync(world, t.request("push", { commit: first.sha }));
    await world.sim.commit(t.fullName, { changes: [{ action: "put", path: "a.json", content: doc("v3") }] });
    await runSync(world, t.request("push"));
    // Replay the old event from "the dashboard": it re-reads the head and finds nothing to do.
    const replay = await runSync(world, t.request("push", { commit: first.sha }));
    expect(replay.result).toMatchObject({ status: "skipped" });
    expect((await templatesOf(t.actor.tenantId))[0]!.name).toBe("v3");
  });

  it("records a skipped run for a tenant that disconnected", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    await getDb().githubAppInstallation.update({
      where: { installationId: BigInt(t.installation!.id) },
      data: { deletedAt: new Date(), tenantId: null },
    });
    const run = await runSync(world, t.request("push"));
    expect(run.result).toMatchObject({
      status: "skipped",
      message: "GitHub Sync is not connected for this organization.",
    });
    expect(await latestRun(t.actor.tenantId)).toMatchObject({
      status: "skipped",
      reason: "push",
      error: "GitHub Sync is not connected for this organization.",
      finishedAt: expect.any(Date),
    });
  });
});
