import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { applySync } from "@/lib/sync/apply";
import { fetchFiles } from "@/lib/sync/fetch-files";
import { readTree, resolveHead } from "@/lib/sync/read-github";
import { startRun } from "@/lib/sync/run-record";
import { appFor } from "../helpers/github";
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
afterEach(() => {
  world.sim.faults.reset();
  vi.useRealTimers();
});

const doc = (name: string) => JSON.stringify({ name });
const BLOBS = "GET /repos/{owner}/{repo}/git/blobs/{sha}";
const TREES = "GET /repos/{owner}/{repo}/git/trees/{sha+}";
type Tenant = Awaited<ReturnType<typeof connectedTenant>>;

const names = async (tenantId: bigint) =>
  (await templatesOf(tenantId))
    .filter((row) => row.deletedAt === null)
    .map((row) => row.name)
    .sort();

/** A tenant synced at five templates, then a commit that changes every one of them. */
async function tenantWithChanges() {
  const files = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`t${i}.json`, doc(`T${i}`)]));
  const t = await connectedTenant(world, files);
  expect((await runSync(world, t.request("connect"))).status).toBe("completed");
  await world.sim.commit(t.fullName, {
    changes: Array.from({ length: 5 }, (_, i) => ({
      action: "put" as const,
      path: `t${i}.json`,
      content: doc(`U${i}`),
    })),
  });
  return t;
}

/** Drives the push sync; before every call, the templates must still be the old ones until apply has run. */
async function syncWatchingTemplates(t: Tenant, before: string[], beforeCall?: (call: number) => void) {
  const seen: string[][] = [];
  const run = await runSync(world, t.request("push"), {
    beforeCall: async (call) => {
      beforeCall?.(call);
      seen.push(await names(t.actor.tenantId));
    },
  });
  const applied = seen.findIndex((snapshot) => snapshot.join() !== before.join());
  return { run, untilApplied: applied === -1 ? seen : seen.slice(0, applied) };
}

describe("GitHub failing during a sync: retried, never half-applied", () => {
  it("a 5xx, a secondary rate limit (403 with retry-after) and a dropped connection while reading and downloading", async () => {
    const t = await tenantWithChanges();
    const before = await names(t.actor.tenantId);
    // The tree is one request per attempt of read-tree: a 5xx, a secondary rate limit, a dropped
    // connection, one after the other. Then one download of fetch-files fails (a 5xx).
    world.sim.injectFault({ route: TREES, status: 502, times: 1 });
    world.sim.injectFault({ route: TREES, secondaryRateLimit: { retryAfterSeconds: 60 }, times: 1 });
    world.sim.injectFault({ route: TREES, unreachable: true, times: 1 });
    world.sim.injectFault({ route: BLOBS, status: 503, times: 1 });
    const { run, untilApplied } = await syncWatchingTemplates(t, before);
    expect(run.status).toBe("completed");
    expect(run.failures.map((failure) => [failure.step, failure.name])).toEqual([
      ["read-tree", "GithubAnswered"],
      ["read-tree", "RetryAfterError"],
      ["read-tree", "GithubAnswered"],
      ["fetch-files", "GithubAnswered"],
    ]);
    expect(world.sim.faults.pending()).toBe(0);
    // Every look before the apply step saw the old templates, all of them.
    expect(untilApplied.length).toBeGreaterThan(3);
    for (const snapshot of untilApplied) expect(snapshot).toEqual(before);
    expect(await names(t.actor.tenantId)).toEqual(["U0", "U1", "U2", "U3", "U4"]);
    expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "succeeded", updated: 5 });
  });

  it("GitHub unreachable for a minute: every attempt in that minute fails, the retry after it completes", async () => {
    const t = await tenantWithChanges();
    const before = await names(t.actor.tenantId);
    world.sim.injectFault({ route: "*", unreachable: true });
    // Inngest's backoff between these attempts spans more than a minute; then GitHub answers again.
    let failedCalls = 0;
    const { run, untilApplied } = await syncWatchingTemplates(t, before, (call) => {
      if (call > 0 && ++failedCalls === 4) world.sim.faults.reset();
    });
    expect(run.status).toBe("completed");
    expect(run.failures.length).toBeGreaterThanOrEqual(3);
    expect(run.failures.every((failure) => failure.step === "resolve-head")).toBe(true);
    for (const snapshot of untilApplied) expect(snapshot).toEqual(before);
    expect(await names(t.actor.tenantId)).toEqual(["U0", "U1", "U2", "U3", "U4"]);
  });

  it("a request that times out fails its step, which applies nothing; the retry completes", async () => {
    const t = await tenantWithChanges();
    const before = await names(t.actor.tenantId);
    const start = await startRun(world.deps, t.request("push"), "run-github-timeout");
    if (start.kind !== "run") throw new Error(start.message);
    const head = await resolveHead(world.deps, start.context);
    await readTree(world.deps, start.context, head);
    world.sim.injectFault({ route: BLOBS, timeout: true, times: 1 });
    await expect(fetchFiles(world.deps, start.context, head)).rejects.toThrow();
    expect(await names(t.actor.tenantId)).toEqual(before);
    await fetchFiles(world.deps, start.context, head);
    expect(await applySync(world.deps, start.context, head)).toMatchObject({
      status: "succeeded",
      counts: { updated: 5 },
    });
    expect(await names(t.actor.tenantId)).toEqual(["U0", "U1", "U2", "U3", "U4"]);
  }, 60_000);
});

describe("an installation token GitHub answers with 401", () => {
  it("is dropped and fetched again once, for every caller, and their requests succeed", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    const app = appFor(world.sim);
    const installationId = t.installation!.id;
    const [owner, repo] = t.fullName.split("/") as [string, string];
    const first = await app.getInstallationOctokit(installationId);
    await first.rest.repos.get({ owner, repo });
    const tokensOf = () => [...world.sim.tokens.values()].filter((token) => token.installationId === installationId);
    expect(tokensOf()).toHaveLength(1);

    // GitHub revokes the token (the cached copy lives on); a minute later, several callers use it.
    for (const [token, value] of world.sim.tokens)
      if (value.installationId === installationId) world.sim.tokens.delete(token);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 60_000);
    const second = await app.getInstallationOctokit(installationId);
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, () => first.rest.repos.get({ owner, repo })),
      ...Array.from({ length: 3 }, () => second.rest.repos.getBranch({ owner, repo, branch: "main" })),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual(Array(7).fill(200));
    expect(tokensOf()).toHaveLength(1);
    // A later request uses the new token without another 401.
    expect((await first.rest.repos.get({ owner, repo })).status).toBe(200);
    expect(tokensOf()).toHaveLength(1);
  });
});
