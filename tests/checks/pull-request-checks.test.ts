import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCheckPermissionGap } from "@/lib/checks/permission-notice";
import { getDb } from "@/lib/db/client";
import { settledDelivery } from "../helpers/deliveries";
import { connectedTenant, runSync, startSyncWorld, templatesOf, type SyncWorld } from "../helpers/sync-world";
import { checkRequestsOf, checkRunsOn, runLatestCheck } from "./check-world";
import { renderToStaticMarkup } from "react-dom/server";
import { loadSettingsPage } from "@/lib/github-sync/settings-page";
import { ChecksPermissionNotice } from "@/app/settings/github-sync/checks-permission-notice";

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
});
afterAll(() => world.stop());

const valid = (name: string) => JSON.stringify({ name }, null, 2);

/** An organization synced from `templates/` with two templates, and a branch `feature` to open pull requests from. */
async function syncedTenant(extra: Record<string, string> = {}) {
  const t = await connectedTenant(
    world,
    { "templates/welcome.json": valid("Welcome"), "templates/bye.json": valid("Bye"), ...extra },
    { folder: "templates" },
  );
  await runSync(world, t.request("connect"));
  await world.sim.createBranch(t.fullName, "feature");
  return t;
}

describe("pull request checks", () => {
  it("a pull request adding a valid file gets success with the plan; a syntax error then fails with its line and column; the fix succeeds", async () => {
    const t = await syncedTenant();
    await world.sim.commit(t.fullName, {
      branch: "feature",
      changes: [
        { action: "put", path: "templates/new.json", content: valid("New") },
        { action: "put", path: "templates/bye.json", content: valid("Bye now") },
        { action: "move", from: "templates/welcome.json", path: "templates/hello.json" },
      ],
    });
    const { pr } = await world.sim.openPullRequest(t.fullName, { head: "feature", title: "Templates" });
    const run = await runLatestCheck(world, t.actor.tenantId);
    expect(run.stepsRun).toEqual(["create-check", "plan", "read-head", "complete"]);
    const [check] = checkRunsOn(world, t.fullName, pr.headSha);
    expect(check).toMatchObject({
      name: "Allegro templates",
      status: "completed",
      conclusion: "success",
      annotations: [],
    });
    expect(check!.output.summary).toContain("| 1 | 1 | 1 | 0 | 0 | 0 |");
    expect(check!.output.summary).toContain("| <code>templates\\/new\\.json</code> | created |");
    expect(check!.output.summary).toContain("| <code>templates\\/bye\\.json</code> | updated |");
    expect(check!.output.summary).toContain(
      "| <code>templates\\/hello\\.json</code> | moved from <code>templates\\/welcome\\.json</code> |",
    );
    expect(check!.output.summary).toContain(`${process.env.APP_URL}/settings/github-sync`);

    // A push to the pull request with a syntax error on line 3, column 3.
    const broken = await world.sim.commit(t.fullName, {
      branch: "feature",
      changes: [{ action: "put", path: "templates/new.json", content: '{\n  "name": "New",\n  oops\n}' }],
    });
    await runLatestCheck(world, t.actor.tenantId, 2);
    const [failed] = checkRunsOn(world, t.fullName, broken.sha);
    expect(failed).toMatchObject({ conclusion: "failure", output: { title: "1 invalid template file" } });
    expect(failed!.annotations).toEqual([
      expect.objectContaining({
        path: "templates/new.json",
        start_line: 3,
        end_line: 3,
        start_column: 3,
        annotation_level: "failure",
        message: expect.stringMatching(/^Invalid JSON/),
      }),
    ]);
    expect(failed!.output.summary).toContain("| <code>templates\\/new\\.json</code> | invalid |");

    const fixed = await world.sim.commit(t.fullName, {
      branch: "feature",
      changes: [{ action: "put", path: "templates/new.json", content: valid("New, fixed") }],
    });
    await runLatestCheck(world, t.actor.tenantId, 3);
    expect(checkRunsOn(world, t.fullName, fixed.sha)).toMatchObject([{ conclusion: "success", annotations: [] }]);
    // Nothing was applied to Allegro by a check.
    expect((await templatesOf(t.actor.tenantId)).map((x) => x.syncSource)).toEqual([
      "templates/bye.json",
      "templates/welcome.json",
    ]);
  });

  it("more than 50 invalid files: annotations in batches of at most 50, all present", async () => {
    const t = await syncedTenant();
    const changes = Array.from({ length: 123 }, (_, i) => ({
      action: "put" as const,
      path: `templates/bad-${String(i).padStart(3, "0")}.json`,
      content: `{"name": ${i}}`,
    }));
    await world.sim.commit(t.fullName, { branch: "feature", changes });
    const { pr } = await world.sim.openPullRequest(t.fullName, { head: "feature", title: "Many broken" });
    world.sim.resetTraffic();
    const run = await runLatestCheck(world, t.actor.tenantId);
    expect(run.stepsRun).toEqual(["create-check", "plan", "read-head", "annotate-1", "annotate-2", "complete"]);
    const [check] = checkRunsOn(world, t.fullName, pr.headSha);
    expect(check!.conclusion).toBe("failure");
    expect(check!.annotations.map((a) => a.path)).toEqual(changes.map((c) => c.path));
    expect(world.sim.counters().byRoute["PATCH /repos/{owner}/{repo}/check-runs/{id}"]).toBe(3);
  });

  it("learns sizes from the head's trees and never downloads a file over the size limit", async () => {
    const t = await syncedTenant();
    const huge = JSON.stringify({ name: "Huge", padding: "x".repeat(2 * 1024 * 1024) });
    await world.sim.commit(t.fullName, {
      branch: "feature",
      changes: [
        ...Array.from({ length: 3 }, (_, i) => ({
          action: "put" as const,
          path: `templates/deep/huge-${i}.json`,
          content: huge,
        })),
        { action: "put", path: "templates/deep/fine.json", content: valid("Fine") },
        { action: "put", path: "templates/bye.json", content: valid("Bye now") },
      ],
    });
    const { pr } = await world.sim.openPullRequest(t.fullName, { head: "feature", title: "Huge files" });
    world.sim.resetTraffic();
    await runLatestCheck(world, t.actor.tenantId);
    const [check] = checkRunsOn(world, t.fullName, pr.headSha);
    expect(check).toMatchObject({ conclusion: "failure", output: { title: "3 invalid template files" } });
    expect(check!.annotations).toEqual(
      [0, 1, 2].map((i) =>
        expect.objectContaining({
          path: `templates/deep/huge-${i}.json`,
          message: expect.stringMatching(/^The file is \d+ bytes; templates are limited to 1 MB .*not downloaded/),
        }),
      ),
    );
    const traffic = world.sim.counters().byRoute;
    // Only the two small files were downloaded; the folders' trees (root, templates, deep) once each.
    expect(traffic["GET /repos/{owner}/{repo}/git/blobs/{sha}"]).toBe(2);
    expect(traffic["GET /repos/{owner}/{repo}/git/trees/{sha+}"]).toBe(3);
  });

  it("a pull request to another branch gets no check", async () => {
    const t = await syncedTenant();
    await world.sim.createBranch(t.fullName, "release");
    await world.sim.commit(t.fullName, {
      branch: "feature",
      changes: [{ action: "put", path: "templates/x.json", content: "{" }],
    });
    const { pr } = await world.sim.openPullRequest(t.fullName, {
      head: "feature",
      base: "release",
      title: "Elsewhere",
    });
    const delivery = world.sim.deliveries().at(-1)!;
    expect(delivery).toMatchObject({ event: "pull_request", action: "opened", status: 200 });
    expect(JSON.parse(delivery.responseBody)).toEqual({
      status: "ignored",
      reason: "pull request to release, not the synced branch main",
    });
    expect(await checkRequestsOf(t.actor.tenantId)).toEqual([]);
    expect(checkRunsOn(world, t.fullName, pr.headSha)).toEqual([]);
  });

  it("check_run.rerequested runs the check again on the same head", async () => {
    const t = await syncedTenant();
    await world.sim.commit(t.fullName, {
      branch: "feature",
      changes: [{ action: "put", path: "templates/new.json", content: valid("New") }],
    });
    const { pr } = await world.sim.openPullRequest(t.fullName, { head: "feature", title: "Re-run" });
    await runLatestCheck(world, t.actor.tenantId);
    const [first] = checkRunsOn(world, t.fullName, pr.headSha);
    const [delivery] = await world.sim.rerequestCheckRun(first!.id);
    expect(delivery).toMatchObject({ event: "check_run", action: "rerequested", status: 200 });
    const rows = await checkRequestsOf(t.actor.tenantId);
    expect(rows.at(-1)!.request).toMatchObject({ trigger: "rerequested", pullNumber: pr.number, headSha: pr.headSha });
    await runLatestCheck(world, t.actor.tenantId, 2);
    expect(checkRunsOn(world, t.fullName, pr.headSha)).toHaveLength(2);
  });

  it("a newer push supersedes a check still running: it completes as cancelled and annotates nothing", async () => {
    const t = await syncedTenant();
    await world.sim.commit(t.fullName, {
      branch: "feature",
      changes: [{ action: "put", path: "templates/a.json", content: "{" }],
    });
    const { pr } = await world.sim.openPullRequest(t.fullName, { head: "feature", title: "Superseded" });
    const oldHead = pr.headSha;
    const rows = await checkRequestsOf(t.actor.tenantId);
    await world.sim.commit(t.fullName, {
      branch: "feature",
      changes: [{ action: "put", path: "templates/a.json", content: valid("A") }],
    });
    const { driveFunction } = await import("../../tools/inngest-local/serve-driver");
    const old = await driveFunction(`${world.routes.url}/api/inngest`, "allegro-check-github-templates", {
      name: "github/templates.check.requested",
      data: rows[0]!.request as Record<string, unknown>,
    });
    expect(old.result).toMatchObject({ status: "superseded" });
    expect(checkRunsOn(world, t.fullName, oldHead)).toMatchObject([{ conclusion: "cancelled", annotations: [] }]);
  });
});

describe("check runs on synced commits", () => {
  it("a push sync with an invalid file reports a check run with the annotation on that commit", async () => {
    const t = await syncedTenant();
    const push = await world.sim.commit(t.fullName, {
      changes: [{ action: "put", path: "templates/broken.json", content: '{\n  "name": "B",,\n}' }],
    });
    const run = await runSync(world, t.request("push", { commit: push.sha }));
    expect(run.stepsRun.at(-1)).toBe("report-check");
    const [check] = checkRunsOn(world, t.fullName, push.sha);
    expect(check).toMatchObject({ name: "Allegro templates", conclusion: "failure" });
    expect(check!.annotations).toEqual([
      expect.objectContaining({ path: "templates/broken.json", start_line: 2, start_column: 15 }),
    ]);
    expect(check!.output.summary).toContain("| 0 | 0 | 0 | 0 | 2 | 1 |");
  });

  it("an installation without checks: write keeps syncing, reports nothing and gets no pull request checks", async () => {
    const t = await syncedTenant();
    world.sim.setInstallationPermissions(t.installation!.id, { contents: "read", metadata: "read" });
    await getDb().githubAppInstallation.update({
      where: { installationId: BigInt(t.installation!.id) },
      data: { permissions: { contents: "read", metadata: "read" } },
    });
    const push = await world.sim.commit(t.fullName, {
      changes: [{ action: "put", path: "templates/new.json", content: valid("New") }],
    });
    const run = await runSync(world, t.request("push", { commit: push.sha }));
    expect(run.status).toBe("completed");
    expect(run.result).toMatchObject({ status: "succeeded", counts: { created: 1 } });
    expect(checkRunsOn(world, t.fullName, push.sha)).toEqual([]);
    expect((await templatesOf(t.actor.tenantId)).map((x) => x.syncSource)).toContain("templates/new.json");
  });

  it("installation permissions: recorded from installation.created, named on the settings page, refreshed by new_permissions_accepted", async () => {
    const t = await syncedTenant();
    const webUrl = world.sim.url;
    // The app's installation as GitHub reported it when it was created: checks may run.
    expect(await findCheckPermissionGap(getDb(), t.actor.tenantId, webUrl)).toBeNull();

    // An installation made before the app asked for checks: it keeps syncing, the page says what to grant.
    world.sim.setInstallationPermissions(t.installation!.id, { contents: "read", metadata: "read" });
    await getDb().githubAppInstallation.update({
      where: { installationId: BigInt(t.installation!.id) },
      data: { permissions: { contents: "read", metadata: "read" } },
    });
    expect(await findCheckPermissionGap(getDb(), t.actor.tenantId, webUrl)).toEqual({
      missing: ["checks: write", "pull_requests: read"],
      installationSettingsUrl: `${webUrl}/organizations/${t.org.login}/settings/installations/${t.installation!.id}`,
    });
    // What the settings page renders (the notice is a server component of app/settings/github-sync/page.tsx).
    const notice = renderToStaticMarkup(ChecksPermissionNotice({ gap: (await loadSettingsPage(t.actor)).checksGap })!);
    expect(notice).toContain("Pull request checks are off");
    expect(notice).toContain("Syncing continues.");
    expect(notice.replace(/<!-- -->/g, "")).toMatch(
      /<code>checks: write<\/code><\/span><span> and <code>pull_requests: read<\/code>/,
    );
    expect(notice).toContain(
      `href="${webUrl}/organizations/${t.org.login}/settings/installations/${t.installation!.id}"`,
    );

    const accepted = await world.sim.acceptNewPermissions(t.installation!.id);
    expect(accepted).toMatchObject({ action: "new_permissions_accepted", status: 202 });
    expect(await settledDelivery(accepted!.guid)).toMatchObject({
      outcome: `processed: installation ${t.installation!.id} permissions refreshed (per GitHub)`,
    });
    expect(await findCheckPermissionGap(getDb(), t.actor.tenantId, webUrl)).toBeNull();
    expect(ChecksPermissionNotice({ gap: (await loadSettingsPage(t.actor)).checksGap })).toBeNull();
    await world.sim.commit(t.fullName, {
      branch: "feature",
      changes: [{ action: "put", path: "templates/new.json", content: valid("New") }],
    });
    const { pr } = await world.sim.openPullRequest(t.fullName, { head: "feature", title: "Now checked" });
    await runLatestCheck(world, t.actor.tenantId);
    expect(checkRunsOn(world, t.fullName, pr.headSha)).toMatchObject([{ conclusion: "success" }]);
  });
});
