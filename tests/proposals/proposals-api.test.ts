import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { api } from "../helpers/connect";
import { createActor, createTemplateRow } from "../helpers/factories";
import { browserHeaders } from "../helpers/session";
import { runSync, type SyncWorld } from "../helpers/sync-world";
import { postSignedWebhook } from "../helpers/webhooks";
import {
  doc,
  fileAt,
  githubWrites,
  propose,
  repositoryRequests,
  startProposalWorld,
  syncedTenant,
} from "./proposal-world";

// Each test syncs an organization and makes several GitHub round trips: on a busy machine that takes
// longer than the default 30 s, so the safety net is wider (nothing waits on the clock).
vi.setConfig({ testTimeout: 120_000 });

let world: SyncWorld;
beforeAll(async () => {
  world = await startProposalWorld();
});
afterAll(() => world.stop());

/** Runs `work` and answers how many repository requests it made on GitHub. */
async function counted<T>(work: () => Promise<T>) {
  const before = repositoryRequests(world.sim);
  const result = await work();
  return { result, requests: repositoryRequests(world.sim) - before };
}

describe("POST /api/templates/:id/proposals", () => {
  it("opens a pull request from the synced commit in 4 requests: Co-authored-by, bot commit (Verified), body linking back; the template stays as synced", async () => {
    const t = await syncedTenant(world);
    await world.sim.commit(t.fullName, { changes: [{ action: "put", path: "README.md", content: "# moved on\n" }] });
    const text = doc("Welcome", { subject: "Hi" });
    const { result: res, requests } = await counted(() =>
      propose(world, t.actor, t.welcome, { text, title: "Greet people", description: "Adds a subject." }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      number: 1,
      url: expect.stringContaining(`/${t.fullName}/pull/1`),
      branch: expect.stringMatching(/^allegro\/welcome-[0-9a-f]{7}$/),
      state: "open",
    });
    expect(requests).toBeLessThanOrEqual(5);
    expect(requests).toBe(4);

    const pr = world.sim.pulls.find(world.sim.repository(t.fullName), 1)!;
    expect(pr).toMatchObject({ base: "main", head: res.body.branch, title: "Greet people" });
    expect(pr.body).toContain(t.actor.userName);
    expect(pr.body).toContain(`/templates/${t.welcome}`);
    const git = world.sim.repository(t.fullName).git;
    const commit = (await git.readCommit(pr.headSha))!;
    // The branch starts at the commit the template was last synced from, not at the newer head.
    expect(commit.parents).toEqual([t.syncedCommit]);
    expect(commit.author.name).toBe(`${world.sim.app.slug}[bot]`);
    expect(commit.message).toContain(`Co-authored-by: ${t.actor.userName} <${t.actor.userEmail}>`);
    expect(await fileAt(world.sim, t.fullName, res.body.branch, "templates/welcome.json")).toBe(text);
    expect(await fileAt(world.sim, t.fullName, "main", "templates/welcome.json")).toBe(doc("Welcome"));
    const template = await getDb().template.findUniqueOrThrow({ where: { id: BigInt(t.welcome) } });
    expect(template.sourceText).toBe(doc("Welcome"));

    const listed = await api(world.routes, "GET", `/api/templates/${t.welcome}/proposals`, t.actor);
    expect(listed.body.proposals).toEqual([
      expect.objectContaining({
        number: 1,
        state: "open",
        branch: res.body.branch,
        created_by: { name: t.actor.userName, email: t.actor.userEmail },
      }),
    ]);
    expect(listed.body.proposals[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("a second edit of the template adds a commit to its open proposal (200, 2 requests); another template joins it with `proposal`", async () => {
    const t = await syncedTenant(world);
    const first = await propose(world, t.actor, t.welcome, { text: doc("Welcome 2") });
    const { result: again, requests } = await counted(() =>
      propose(world, t.actor, t.welcome, { text: doc("Welcome 3") }),
    );
    expect(again).toEqual({ status: 200, body: { ...first.body } });
    expect(requests).toBeLessThanOrEqual(6);
    const { result: joined, requests: joinRequests } = await counted(() =>
      propose(world, t.actor, t.bye, { text: doc("Bye 2"), proposal: first.body.number }),
    );
    expect(joined.status).toBe(200);
    expect(joined.body.number).toBe(first.body.number);
    expect(joinRequests).toBeLessThanOrEqual(6);
    const repo = world.sim.repository(t.fullName);
    expect(world.sim.pulls.list(repo)).toHaveLength(1);
    const pr = world.sim.pulls.find(repo, first.body.number)!;
    expect(await repo.git.commitsBetween(t.syncedCommit, pr.headSha)).toHaveLength(3);
    expect(await fileAt(world.sim, t.fullName, first.body.branch, "templates/welcome.json")).toBe(doc("Welcome 3"));
    expect(await fileAt(world.sim, t.fullName, first.body.branch, "templates/bye.json")).toBe(doc("Bye 2"));
  });

  it("proposes a deletion, and a new file in the synced folder", async () => {
    const t = await syncedTenant(world);
    const removed = await propose(world, t.actor, t.bye, { delete: true });
    expect(removed.status).toBe(201);
    expect(world.sim.pulls.find(world.sim.repository(t.fullName), removed.body.number)!.title).toBe("Delete Bye");
    expect(await fileAt(world.sim, t.fullName, removed.body.branch, "templates/bye.json")).toBeNull();

    const created = await api(world.routes, "POST", "/api/templates/proposals", t.actor, {
      path: "templates/new.json",
      text: doc("Brand new"),
    });
    expect(created.status).toBe(201);
    expect(created.body.branch).toMatch(/^allegro\/brand-new-/);
    expect(await fileAt(world.sim, t.fullName, created.body.branch, "templates/new.json")).toBe(doc("Brand new"));
  });
});

describe("refusals write nothing to GitHub", () => {
  /** Refused before any write request, unless `attempted` (GitHub itself refused the first write). */
  async function refused(
    t: Awaited<ReturnType<typeof syncedTenant>>,
    call: () => Promise<{ status: number; body: { error: Record<string, unknown> } }>,
    { attempted = false } = {},
  ) {
    const before = await githubWrites(world.sim, t.fullName);
    const res = await call();
    const after = await githubWrites(world.sim, t.fullName);
    expect({ ...after, writes: attempted ? before.writes : after.writes }).toEqual(before);
    expect(await getDb().templateProposal.count({ where: { tenantId: t.actor.tenantId } })).toBe(0);
    return res;
  }

  it("invalid text: 422 invalid_template with the line and column", async () => {
    const t = await syncedTenant(world);
    const res = await refused(t, () =>
      propose(world, t.actor, t.welcome, { text: '{\n  "name": "A",\n  "name": "B"\n}' }),
    );
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: "invalid_template",
      problems: [{ line: 3, column: 3, message: expect.stringContaining("name") }],
    });
  });

  it("unchanged text: 422 no_change", async () => {
    const t = await syncedTenant(world);
    const res = await refused(t, () => propose(world, t.actor, t.welcome, { text: doc("Welcome") }));
    expect(res).toMatchObject({ status: 422, body: { error: { code: "no_change" } } });
  });

  it("a template that is not synced: 409 not_synced; another organization's template: 404", async () => {
    const t = await syncedTenant(world);
    const local = await createTemplateRow(t.actor.tenantId, { name: "Local" });
    const res = await refused(t, () => propose(world, t.actor, local.id.toString(), { text: doc("Local 2") }));
    expect(res).toMatchObject({ status: 409, body: { error: { code: "not_synced" } } });
    const stranger = await createActor("member");
    const other = await refused(t, () => propose(world, stranger, t.welcome, { text: doc("Hijack") }));
    expect(other).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  });

  it("the file changed on the branch since the sync: 409 conflict naming the newer commit", async () => {
    const t = await syncedTenant(world);
    const newer = await world.sim.commit(t.fullName, {
      changes: [{ action: "put", path: "templates/welcome.json", content: doc("Welcome on GitHub") }],
    });
    const res = await refused(t, () => propose(world, t.actor, t.welcome, { text: doc("Welcome from Allegro") }));
    expect(res).toMatchObject({ status: 409, body: { error: { code: "conflict", commit: newer.sha } } });
    expect(await fileAt(world.sim, t.fullName, "main", "templates/welcome.json")).toBe(doc("Welcome on GitHub"));
  });

  it("a new file at a path that exists on the branch: 409 conflict; outside the folder or not .json: 422", async () => {
    const t = await syncedTenant(world);
    const added = await world.sim.commit(t.fullName, {
      changes: [{ action: "put", path: "templates/late.json", content: doc("Late") }],
    });
    const exists = await refused(t, () =>
      api(world.routes, "POST", "/api/templates/proposals", t.actor, {
        path: "templates/late.json",
        text: doc("Mine"),
      }),
    );
    expect(exists).toMatchObject({ status: 409, body: { error: { code: "conflict", commit: added.sha } } });
    for (const path of ["other/x.json", "templates/x.txt", "templates/../x.json"]) {
      const bad = await refused(t, () =>
        api(world.routes, "POST", "/api/templates/proposals", t.actor, { path, text: doc("X") }),
      );
      expect(bad).toMatchObject({ status: 422, body: { error: { code: "validation", field: "path" } } });
    }
  });

  it("missing permissions: 403 permission_missing naming them; unknown permissions GitHub refuses end the same way", async () => {
    const t = await syncedTenant(world);
    const installationId = BigInt(t.installation!.id);
    await getDb().githubAppInstallation.update({
      where: { installationId },
      data: { permissions: { contents: "read", metadata: "read", pull_requests: "read", checks: "write" } },
    });
    const known = await refused(t, () => propose(world, t.actor, t.welcome, { text: doc("Welcome 2") }));
    expect(known).toMatchObject({
      status: 403,
      body: { error: { code: "permission_missing", permissions: ["contents", "pull_requests"] } },
    });

    // The app's record says it may write, GitHub says otherwise: GitHub's 403 on the first write.
    world.sim.setInstallationPermissions(t.installation!.id, {
      contents: "read",
      metadata: "read",
      pull_requests: "read",
    });
    await getDb()
      .$executeRaw`UPDATE github_app_installations SET permissions = NULL WHERE installation_id = ${installationId}`;
    const told = await refused(t, () => propose(world, t.actor, t.welcome, { text: doc("Welcome 2") }), {
      attempted: true,
    });
    expect(told).toMatchObject({ status: 403, body: { error: { code: "permission_missing" } } });
  });

  it("another site's request (403) and a body that is neither text nor delete (400)", async () => {
    const t = await syncedTenant(world);
    const headers = await browserHeaders(t.actor);
    const crossSite = await refused(t, async () => {
      const response = await fetch(`${world.routes.url}/api/templates/${t.welcome}/proposals`, {
        method: "POST",
        headers: { ...headers, origin: "https://evil.example", "content-type": "application/json" },
        body: JSON.stringify({ text: doc("Evil") }),
      });
      return { status: response.status, body: await response.json() };
    });
    expect(crossSite).toMatchObject({ status: 403, body: { error: { code: "cross_site" } } });
    const bad = await refused(t, () => propose(world, t.actor, t.welcome, { title: "x" }));
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
  });
});

describe("state kept current by pull_request webhooks", () => {
  it("closed → closed, reopened → open, merged (GitHub says so) → merged; the merge's sync then applies the text", async () => {
    const t = await syncedTenant(world);
    const opened = await propose(world, t.actor, t.welcome, { text: doc("Welcome merged") });
    const state = async () =>
      (
        await getDb().templateProposal.findFirstOrThrow({
          where: { tenantId: t.actor.tenantId, number: opened.body.number },
        })
      ).state;
    await world.sim.closePullRequest(t.fullName, opened.body.number);
    expect(await state()).toBe("closed");
    await world.sim.reopenPullRequest(t.fullName, opened.body.number);
    expect(await state()).toBe("open");
    const merged = await world.sim.mergePullRequest(t.fullName, opened.body.number);
    expect(await state()).toBe("merged");
    const row = await getDb().templateProposal.findFirstOrThrow({ where: { tenantId: t.actor.tenantId } });
    expect(row.mergeCommitSha).toBe(merged.sha);
    // Until the push sync applies the merge, the template is as synced.
    expect((await getDb().template.findUniqueOrThrow({ where: { id: BigInt(t.welcome) } })).name).toBe("Welcome");
    await runSync(world, t.request("push"));
    const synced = await getDb().template.findUniqueOrThrow({ where: { id: BigInt(t.welcome) } });
    expect(synced.sourceText).toBe(doc("Welcome merged"));
    const listed = await api(world.routes, "GET", `/api/templates/${t.welcome}/proposals`, t.actor);
    expect(listed.body.proposals[0]).toMatchObject({ number: opened.body.number, state: "merged" });
  });

  it("an older delivery arriving late does not undo a newer state, and a merged proposal stays merged", async () => {
    const t = await syncedTenant(world);
    const opened = await propose(world, t.actor, t.welcome, { text: doc("Welcome late") });
    const deliveriesBefore = world.sim.deliveries().length;
    await world.sim.mergePullRequest(t.fullName, opened.body.number);
    const closed = world.sim
      .deliveries()
      .slice(deliveriesBefore)
      .find((d) => d.event === "pull_request" && d.action === "closed")!;
    const payload = JSON.parse(closed.requestBody) as { action: string; pull_request: Record<string, unknown> };
    const stale = {
      ...payload,
      action: "reopened",
      pull_request: { ...payload.pull_request, state: "open", merged: false, updated_at: "2000-01-01T00:00:00Z" },
    };
    const answer = await postSignedWebhook(world.routes.url, world.sim.app.webhookSecret, "pull_request", stale);
    expect(answer.status).toBe(200);
    const row = await getDb().templateProposal.findFirstOrThrow({ where: { tenantId: t.actor.tenantId } });
    expect(row.state).toBe("merged");
  });
});
