import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { DEFAULT_BRANCH_PATTERN } from "@/lib/proposals/branch-name";
import { openProposalNumbers } from "@/lib/proposals/list";
import { loadProposalContext } from "@/lib/proposals/page-context";
import { readBranchPattern, saveBranchPattern } from "@/lib/proposals/settings";
import { AppError } from "@/lib/errors";
import { countingDb } from "../helpers/counting-db";
import type { SyncWorld } from "../helpers/sync-world";
import { doc, propose, startProposalWorld, syncedTenant } from "./proposal-world";

// Each test syncs an organization over HTTP: wider than the default on a busy machine (nothing waits on the clock).
vi.setConfig({ testTimeout: 120_000 });

let world: SyncWorld;
beforeAll(async () => {
  world = await startProposalWorld();
});
afterAll(() => world.stop());

const refusal = async (work: () => Promise<unknown>) => {
  const caught = await work().then(
    () => null,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(AppError);
  return caught as AppError;
};

describe("the branch name setting (Settings → GitHub Sync)", () => {
  it("an admin's pattern names the next proposal's branch", async () => {
    const t = await syncedTenant(world);
    expect(await readBranchPattern(getDb(), t.actor.tenantId)).toEqual({
      pattern: DEFAULT_BRANCH_PATTERN,
      saved: false,
    });
    expect(await saveBranchPattern(getDb(), t.actor, "  review/{user}/{slug}-{id} ")).toBe("review/{user}/{slug}-{id}");
    const res = await propose(world, t.actor, t.welcome, { text: doc("Welcome again") });
    expect(res.status).toBe(201);
    const user = t.actor.userEmail
      .split("@")[0]!
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-");
    expect(res.body.branch).toMatch(new RegExp(`^review/${user}/welcome-[0-9a-f]{7}$`));
    const branches = await world.sim.repository(t.fullName).git.branches();
    expect(branches.map((b) => b.name)).toContain(res.body.branch);
  });

  it("refuses members and invalid patterns with a clear message, and keeps the saved pattern", async () => {
    const t = await syncedTenant(world);
    await saveBranchPattern(getDb(), t.actor, "team/{slug}-{id}");
    const member = await refusal(() => saveBranchPattern(getDb(), { ...t.actor, role: "member" }, "x/{id}"));
    expect(member.code).toBe("forbidden");
    for (const [input, message] of [
      ["allegro/{slug}", /Include \{id\}/],
      ["", /Enter a branch name pattern/],
      ["bad name/{id}", /Not a valid branch name/],
      ["a..b/{id}", /Not a valid branch name/],
      [`${"x".repeat(100)}{id}`, /At most 100 characters/],
      [42, /expected string/i],
    ] as const) {
      const error = await refusal(() => saveBranchPattern(getDb(), t.actor, input));
      expect(error.code).toBe("validation");
      expect(error.message).toMatch(message);
      expect(error.details).toEqual({ field: "branchPattern" });
    }
    expect(await readBranchPattern(getDb(), t.actor.tenantId)).toEqual({ pattern: "team/{slug}-{id}", saved: true });
  });
});

describe("what the pages read", () => {
  it("the templates list's marks: one query for the page's templates, open proposals only, this organization only", async () => {
    const t = await syncedTenant(world);
    const other = await syncedTenant(world);
    const opened = await propose(world, t.actor, t.welcome, { text: doc("Welcome 2") });
    await propose(world, other.actor, other.bye, { text: doc("Bye 2") });
    const counting = countingDb(process.env.DATABASE_URL!);
    try {
      const marks = await openProposalNumbers(counting.db, t.actor.tenantId, [t.welcome, t.bye, other.bye]);
      expect(counting.statements).toHaveLength(1);
      expect([...marks]).toEqual([[t.welcome, opened.body.number]]);
    } finally {
      await counting.close();
    }
    // Closed on GitHub: no longer marked.
    await getDb().templateProposal.updateMany({ where: { tenantId: t.actor.tenantId }, data: { state: "closed" } });
    expect((await openProposalNumbers(getDb(), t.actor.tenantId, [t.welcome])).size).toBe(0);
  });

  it("the proposal context: ready, the open proposals to add to, and the permissions to grant with a link to GitHub", async () => {
    const t = await syncedTenant(world);
    const opened = await propose(world, t.actor, t.welcome, { text: doc("Welcome 3"), title: "Several" });
    const ready = await loadProposalContext(getDb(), t.actor, "https://github.example/");
    expect(ready).toMatchObject({
      ready: true,
      reason: null,
      repository: t.fullName,
      branch: "main",
      folder: "templates",
      missing: [],
      open: [{ number: opened.body.number, title: "Several", url: opened.body.url }],
    });
    expect(ready.installationSettingsUrl).toMatch(
      new RegExp(`^https://github\\.example/(organizations/[^/]+/)?settings/installations/${t.installation!.id}$`),
    );

    await getDb().githubAppInstallation.update({
      where: { installationId: BigInt(t.installation!.id) },
      data: { permissions: { contents: "read", metadata: "read", pull_requests: "write" } },
    });
    expect((await loadProposalContext(getDb(), t.actor, "https://github.example")).missing).toEqual(["contents"]);

    await getDb().githubAppInstallation.update({
      where: { installationId: BigInt(t.installation!.id) },
      data: { lastSyncHash: null },
    });
    const notYet = await loadProposalContext(getDb(), t.actor, "https://github.example");
    expect(notYet).toMatchObject({ ready: false, reason: expect.stringMatching(/Nothing has been synced/) });
  });
});
