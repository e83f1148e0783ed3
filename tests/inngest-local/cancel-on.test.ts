import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually";
import { callsOf, doc, startExecutorWorld, type ExecutorWorld } from "./executor-world";

let w: ExecutorWorld;
beforeAll(async () => {
  w = await startExecutorWorld();
});
afterAll(() => w.stop());
afterEach(() => w.world.sim.resetTraffic());

const CHECK = "allegro-check-github-templates";
const PULL_FILES = "GET /repos/{owner}/{repo}/pulls/{number}/files";

describe("cancelOn, with the app's pull request check", () => {
  it("a newer push cancels the check still running on the old head, whose check run then ends as cancelled", async () => {
    const t = await w.tenant({ "templates/welcome.json": doc("Welcome") }, { folder: "templates" });
    await w.world.sim.createBranch(t.fullName, "feature");
    await w.world.sim.commit(t.fullName, {
      branch: "feature",
      changes: [{ action: "put", path: "templates/a.json", content: "{" }],
    });
    // The first check waits 10 minutes on a secondary rate limit: only a cancellation ends it in time.
    w.world.sim.injectFault({ route: PULL_FILES, secondaryRateLimit: { retryAfterSeconds: 600 }, times: 1 });
    const { pr } = await w.world.sim.openPullRequest(t.fullName, { head: "feature", title: "Superseded" });
    const oldHead = pr.headSha;
    await eventually(() => expect(w.runsOf(CHECK, t.actor.tenantId)[0]?.status).toBe("waiting-retry"), 20_000);

    const newer = await w.world.sim.commit(t.fullName, {
      branch: "feature",
      changes: [{ action: "put", path: "templates/a.json", content: doc("A") }],
    });
    await eventually(() => expect(w.runsOf(CHECK, t.actor.tenantId)).toHaveLength(2), 20_000);
    await w.executor.waitForIdle(30_000);

    const [old, current] = w.runsOf(CHECK, t.actor.tenantId);
    expect(old!.status).toBe("cancelled");
    expect(callsOf(old!, "plan").every((step) => step.error)).toBe(true);
    expect(current).toMatchObject({ status: "completed", output: { status: "completed", conclusion: "success" } });
    expect(w.runsOf("allegro-close-abandoned-checks", t.actor.tenantId)).toMatchObject([
      { status: "completed", output: { closed: 1 } },
    ]);
    const repository = w.world.sim.repository(t.fullName);
    expect(w.world.sim.checkRuns.onCommit(repository, oldHead)).toMatchObject([
      { status: "completed", conclusion: "cancelled", output: { title: "Superseded" } },
    ]);
    expect(w.world.sim.checkRuns.onCommit(repository, newer.sha)).toMatchObject([
      { status: "completed", conclusion: "success" },
    ]);
  }, 90_000);
});
