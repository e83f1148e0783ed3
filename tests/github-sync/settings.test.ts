import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { startConnect } from "@/lib/github-sync/connect";
import { createActor, createTemplateRow } from "../helpers/factories";
import { api, startConnectedWorld, submitInstallPage, visitCallback } from "../helpers/connect";
import { orgWithRepo } from "../helpers/github";
import { afterInstallationDeliveries } from "../helpers/deliveries";
import { waitForSentEvents } from "../helpers/outbox";

let world: Awaited<ReturnType<typeof startConnectedWorld>>;
beforeAll(async () => {
  world = await startConnectedWorld({ oauth: true });
});
afterAll(() => world.stop());

/** Installs the app through the browser flow and links it to the actor's organization. */
async function connect(actor: Actor, files: Record<string, string> = { "templates/a.json": '{"name":"A"}' }) {
  const gh = await orgWithRepo(world.sim, files, { install: false });
  await world.sim.createBranch(gh.fullName, "release");
  const state = new URL(await startConnect(actor)).searchParams.get("state")!;
  const redirect = await submitInstallPage(world.sim, { user: gh.admin.login, account: gh.org.login, state });
  expect((await visitCallback(redirect, actor)).location).toBe("/settings/github-sync?notice=installed");
  const installationId = new URL(redirect).searchParams.get("installation_id")!;
  // The delivery job settles the installation's webhook (it refreshes the row it reads from GitHub).
  await afterInstallationDeliveries(world.sim, installationId);
  return { ...gh, installationId };
}

describe("GitHub Sync settings API", () => {
  it("walks an admin through the states: not connected → no repository → connected", async () => {
    const admin = await createActor();
    expect((await api(world.server, "GET", "/api/github-sync", admin)).body).toMatchObject({
      state: "not_connected",
      verifiedInstalls: true,
      connection: null,
    });
    const { fullName, installationId } = await connect(admin);
    expect((await api(world.server, "GET", "/api/github-sync", admin)).body).toMatchObject({
      state: "no_repository",
      connection: { installationId, repository: null },
    });

    const list = await api(world.server, "GET", "/api/github-sync/repositories", admin);
    expect(list.body).toMatchObject({ total: 1, pages: 1, items: [{ fullName, defaultBranch: "main" }] });

    const saved = await api(world.server, "PUT", "/api/github-sync/repository", admin, {
      repository: fullName,
      folder: "/templates/",
    });
    expect(saved).toEqual({ status: 200, body: { queued: true } });
    expect(await waitForSentEvents(admin.tenantId, 1)).toEqual([
      expect.objectContaining({
        name: "github/templates.sync.requested",
        data: { tenantId: admin.tenantId.toString(), installationId, reason: "connect" },
      }),
    ]);
    const settings = (await api(world.server, "GET", "/api/github-sync", admin)).body;
    expect(settings).toMatchObject({
      state: "connected",
      connection: {
        repository: fullName,
        repositoryUrl: `${world.sim.url}/${fullName}`,
        branch: "main",
        folder: "templates",
        lastSyncAt: null,
      },
    });
  });

  it("validates the branch and the repository, and changes nothing on refusal", async () => {
    const admin = await createActor();
    const { fullName, installationId } = await connect(admin);
    const before = await getDb().githubAppInstallation.findUnique({
      where: { installationId: BigInt(installationId) },
    });
    const missing = await api(world.server, "PUT", "/api/github-sync/repository", admin, {
      repository: fullName,
      branch: "nope",
    });
    expect(missing).toMatchObject({
      status: 422,
      body: { error: { message: `Branch “nope” does not exist in ${fullName}.` } },
    });
    const foreign = await api(world.server, "PUT", "/api/github-sync/repository", admin, {
      repository: "someone/else",
    });
    expect(foreign).toMatchObject({
      status: 422,
      body: { error: { message: "The installation cannot access someone/else." } },
    });
    const escape = await api(world.server, "PUT", "/api/github-sync/repository", admin, {
      repository: fullName,
      folder: "../etc",
    });
    expect(escape.status).toBe(422);
    expect(
      await getDb().githubAppInstallation.findUnique({ where: { installationId: BigInt(installationId) } }),
    ).toEqual(before);
    const release = await api(world.server, "PUT", "/api/github-sync/repository", admin, {
      repository: fullName,
      branch: "release",
    });
    expect(release.status).toBe(200);
    expect((await api(world.server, "GET", "/api/github-sync", admin)).body.connection.branch).toBe("release");
  });

  it("searches and pages the installation's repositories", async () => {
    const admin = await createActor();
    const { org } = await connect(admin);
    for (let i = 0; i < 24; i++)
      await world.sim.createRepository({ owner: org.login, name: `proj-${String(i).padStart(2, "0")}` });
    const page2 = await api(world.server, "GET", "/api/github-sync/repositories?page=2", admin);
    expect(page2.body).toMatchObject({ total: 25, pages: 2, page: 2 });
    expect(page2.body.items).toHaveLength(5);
    const search = await api(world.server, "GET", "/api/github-sync/repositories?q=PROJ-1", admin);
    expect(search.body.items.map((r: { fullName: string }) => r.fullName)).toEqual(
      Array.from({ length: 10 }, (_, i) => `${org.login}/proj-1${i}`),
    );
  });

  it("lets neither members nor other organizations' admins read or change settings, or disconnect", async () => {
    const admin = await createActor();
    const { fullName, installationId } = await connect(admin);
    const member = await createActor("member");
    await getDb().membership.update({
      where: { userId_tenantId: { userId: member.userId, tenantId: member.tenantId } },
      data: { tenantId: admin.tenantId },
    });
    const memberOfAdmin = { ...member, tenantId: admin.tenantId };
    for (const [method, path, body] of [
      ["GET", "/api/github-sync", undefined],
      ["DELETE", "/api/github-sync", undefined],
      ["POST", "/api/github-sync/connect", undefined],
      ["GET", "/api/github-sync/repositories", undefined],
      ["PUT", "/api/github-sync/repository", { repository: fullName }],
    ] as const) {
      expect((await api(world.server, method, path, memberOfAdmin, body)).status, `${method} ${path}`).toBe(403);
    }
    const stranger = await createActor();
    expect((await api(world.server, "GET", "/api/github-sync", stranger)).body).toMatchObject({
      state: "not_connected",
    });
    expect((await api(world.server, "DELETE", "/api/github-sync", stranger)).status).toBe(404);
    expect(
      (await api(world.server, "PUT", "/api/github-sync/repository", stranger, { repository: fullName })).status,
    ).toBe(404);
    expect(
      await getDb().githubAppInstallation.findUnique({ where: { installationId: BigInt(installationId) } }),
    ).toMatchObject({ tenantId: admin.tenantId, deletedAt: null });
  });

  it("disconnects: installation soft-deleted, templates kept and editable; reconnecting works", async () => {
    const admin = await createActor();
    const { fullName, installationId, admin: ghAdmin, org } = await connect(admin);
    await api(world.server, "PUT", "/api/github-sync/repository", admin, { repository: fullName });
    const synced = await createTemplateRow(admin.tenantId, { syncSource: "templates/a.json", syncSha: "c".repeat(40) });
    const handmade = await createTemplateRow(admin.tenantId);

    expect((await api(world.server, "DELETE", "/api/github-sync", admin)).status).toBe(204);
    const row = await getDb().githubAppInstallation.findUnique({ where: { installationId: BigInt(installationId) } });
    expect(row).toMatchObject({
      tenantId: null,
      repository: null,
      repositoryId: null,
      defaultBranch: null,
      lastSyncHash: null,
      lastSyncErrors: null,
    });
    expect(row!.deletedAt).toBeInstanceOf(Date);
    const templates = await getDb().template.findMany({ where: { tenantId: admin.tenantId }, orderBy: { id: "asc" } });
    expect(templates.map((t) => [t.id, t.syncSource, t.syncSha, t.deletedAt])).toEqual([
      [synced.id, null, null, null],
      [handmade.id, null, null, null],
    ]);
    expect((await api(world.server, "GET", "/api/github-sync", admin)).body.state).toBe("not_connected");

    // Reconnect: the app is still installed on GitHub; "Configure" comes back as update, linking needs install.
    const state = new URL(await startConnect(admin)).searchParams.get("state")!;
    const redirect = new URL(await submitInstallPage(world.sim, { user: ghAdmin.login, account: org.login, state }));
    redirect.searchParams.set("setup_action", "install");
    expect((await visitCallback(redirect.toString(), admin)).location).toBe("/settings/github-sync?notice=installed");
    expect(
      await getDb().githubAppInstallation.findUnique({ where: { installationId: BigInt(installationId) } }),
    ).toMatchObject({ tenantId: admin.tenantId, deletedAt: null });
  });
});
