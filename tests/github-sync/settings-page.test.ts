import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { listRecentDeliveries } from "@/lib/github-sync/recent-deliveries";
import { chooseRepository } from "@/lib/github-sync/repositories";
import { getSyncSettings } from "@/lib/github-sync/settings";
import { getSyncHistory } from "@/lib/sync/history";
import { unique } from "../helpers/factories";
import { eventually } from "../helpers/eventually";
import { connectedTenant, runSync, startSyncWorld, type SyncWorld } from "../helpers/sync-world";

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
});
afterAll(() => world.stop());

const history = (t: Awaited<ReturnType<typeof connectedTenant>>) =>
  getSyncHistory(world.deps, t.actor, { dashboardUrl: "http://inngest.test" });

describe("Settings → GitHub Sync, what the page shows", () => {
  it("names the synced commit's message and author, and links each invalid file at that commit and line", async () => {
    const t = await connectedTenant(world, { "ok.json": '{"name":"Ok"}' });
    const head = await world.sim.commit(t.fullName, {
      message: "Add the broken banner\n\nwith a body that is not shown",
      changes: [{ action: "put", path: "dir/bad.json", content: '{\n  "name": "B",\n  oops\n}' }],
    });
    await runSync(world, t.request("connect"));
    const sha = head.sha;

    const [run] = (await history(t)).runs;
    expect(run).toMatchObject({ commit: sha, commitMessage: "Add the broken banner", status: "succeeded_with_errors" });
    expect(run!.commitAuthor).toBeTruthy();
    expect(run!.errors).toEqual([
      expect.objectContaining({
        path: "dir/bad.json",
        line: 3,
        url: `${world.sim.url}/${t.fullName}/blob/${sha}/dir/bad.json#L3`,
      }),
    ]);

    const { connection } = await getSyncSettings(t.actor);
    expect(connection).toMatchObject({
      lastSyncHash: sha,
      lastCommit: { message: "Add the broken banner", author: run!.commitAuthor },
      accountLogin: t.org.login,
      accountAvatarUrl: expect.stringMatching(/\/avatars\/u\/\d+/),
      status: { kind: "needs_attention", label: "Needs attention" },
    });
    expect(connection!.lastSyncErrors[0]!.url).toBe(`${world.sim.url}/${t.fullName}/blob/${sha}/dir/bad.json#L3`);
  });

  it("links Configure on GitHub to the organization's installation settings, and the simulator serves it and the avatar", async () => {
    const t = await connectedTenant(world, { "a.json": '{"name":"A"}' });
    await runSync(world, t.request("connect"));
    const settings = await getSyncSettings(t.actor);
    expect(settings.configureUrl).toBe(
      `${world.sim.url}/organizations/${t.org.login}/settings/installations/${t.installation!.id}`,
    );
    expect(settings.connection!.status).toMatchObject({ kind: "synced" });
    const page = await fetch(settings.configureUrl!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(t.fullName);
    const avatar = await fetch(settings.connection!.accountAvatarUrl!);
    expect(avatar.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("edits branch and folder in place: saved with a sync request, the next sync reads everything again", async () => {
    const t = await connectedTenant(world, { "a.json": '{"name":"A"}' });
    await runSync(world, t.request("connect"));
    await world.sim.createBranch(t.fullName, "release");
    await chooseRepository(t.actor, { repository: t.fullName, branch: "release", folder: "templates" });
    const record = await getDb().githubAppInstallation.findFirstOrThrow({ where: { tenantId: t.actor.tenantId } });
    expect(record).toMatchObject({ defaultBranch: "release", folder: "templates", lastSyncHash: null });
    expect(await getDb().syncOutbox.count({ where: { tenantId: t.actor.tenantId, reason: "connect" } })).toBe(1);
  });

  it("refuses a wrong branch naming the field at fault, and changes nothing", async () => {
    const t = await connectedTenant(world, { "a.json": '{"name":"A"}' });
    const error = await chooseRepository(t.actor, { repository: t.fullName, branch: "nope", folder: "x" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details).toEqual({ field: "branch" });
    expect(
      await getDb().githubAppInstallation.findFirstOrThrow({ where: { tenantId: t.actor.tenantId } }),
    ).toMatchObject({ defaultBranch: "main", folder: "" });
  });
});

describe("Recent deliveries", () => {
  it("lists this connection's deliveries with outcome and reason, never another organization's or a previous owner's", async () => {
    const mine = await connectedTenant(world, { "a.json": '{"name":"A"}' });
    const other = await connectedTenant(world, { "a.json": '{"name":"A"}' });
    // Before this organization linked the installation (a previous owner's delivery).
    await getDb().webhookDelivery.create({
      data: {
        id: unique("old"),
        event: "push",
        installationId: BigInt(mine.installation!.id),
        outcome: "processed: queued a sync",
        receivedAt: new Date(Date.now() - 3600_000),
      },
    });
    await world.sim.createBranch(mine.fullName, "feature");
    await world.sim.commit(mine.fullName, {
      branch: "feature",
      changes: [{ action: "put", path: "b.json", content: '{"name":"B"}' }],
    });
    await world.sim.commit(other.fullName, { changes: [{ action: "put", path: "c.json", content: '{"name":"C"}' }] });

    // Both pushes to "feature" (the branch's creation, then a commit) reach this connection; none is the previous owner's.
    await eventually(async () =>
      expect((await listRecentDeliveries(getDb(), mine.actor)).filter((d) => d.event === "push")).toHaveLength(2),
    );
    const deliveries = await listRecentDeliveries(getDb(), mine.actor);
    for (const push of deliveries.filter((d) => d.event === "push"))
      expect(push).toMatchObject({ outcome: "ignored", reason: expect.stringContaining("feature") });
    await eventually(async () =>
      expect((await listRecentDeliveries(getDb(), other.actor)).filter((d) => d.event === "push")).toHaveLength(1),
    );
    const theirs = await listRecentDeliveries(getDb(), other.actor);
    expect(theirs.filter((d) => d.event === "push")[0]).toMatchObject({ outcome: "processed" });
    expect(theirs.some((d) => deliveries.some((m) => m.id === d.id))).toBe(false);
  });
});
