import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createActor } from "../helpers/factories";
import { startConnectedWorld } from "../helpers/connect";
import { linkRepository, orgWithRepo } from "../helpers/github";
import { postSignedWebhook } from "../helpers/webhooks";

let world: Awaited<ReturnType<typeof startConnectedWorld>>;
beforeAll(async () => {
  world = await startConnectedWorld();
});
afterAll(() => world.stop());

const record = (installationId: number) =>
  getDb().githubAppInstallation.findUniqueOrThrow({ where: { installationId: BigInt(installationId) } });

/** An organization with the app installed and its record linked to a new tenant. */
async function linkedRepo() {
  const gh = await orgWithRepo(world.sim);
  const actor = await createActor();
  const repo = await linkRepository(world.sim, gh, actor.tenantId);
  return { ...gh, installationId: gh.installation!.id, repo };
}

/** A delivery signed with the app's real webhook secret: valid, but its content is made up. */
const deliver = (event: string, payload: unknown, id?: string) =>
  postSignedWebhook(world.server.url, world.sim.app.webhookSecret, event, payload, id);

describe("webhooks that take something away are nudges: GitHub is asked first", () => {
  it("a forged installation.suspend does not suspend an installation GitHub says is active; a real one does", async () => {
    const { installationId, org } = await linkedRepo();
    const forged = await deliver("installation", {
      action: "suspend",
      installation: { id: installationId, account: { login: org.login }, suspended_at: new Date().toISOString() },
    });
    expect(forged.status).toBe(200);
    expect((await record(installationId)).suspendedAt).toBeNull();

    await world.sim.suspend(installationId);
    expect((await record(installationId)).suspendedAt).toBeInstanceOf(Date);
  });

  it("a forged installation.deleted does not disconnect an installation GitHub still has; a real uninstall does", async () => {
    const { installationId, org, fullName } = await linkedRepo();
    const forged = await deliver("installation", {
      action: "deleted",
      installation: { id: installationId, account: { login: org.login } },
    });
    expect(forged).toMatchObject({ status: 200, body: { status: "ignored" } });
    expect(forged.body.reason).toMatch(/not confirmed: GitHub still has installation/);
    expect(await record(installationId)).toMatchObject({ deletedAt: null, repository: fullName });

    await world.sim.uninstall(installationId);
    expect((await record(installationId)).deletedAt).toBeInstanceOf(Date);
  });

  it("a repository.renamed that GitHub does not confirm does not repoint; a real rename does", async () => {
    const { installationId, fullName, repo, org } = await linkedRepo();
    const forged = await deliver("repository", {
      action: "renamed",
      repository: {
        id: repo.id,
        full_name: `${org.login}/attacker-chosen`,
        html_url: `${world.sim.url}/${org.login}/attacker-chosen`,
        default_branch: "main",
      },
      installation: { id: installationId },
    });
    expect(forged.status).toBe(200);
    expect(await record(installationId)).toMatchObject({
      repository: fullName,
      repositoryUrl: `${world.sim.url}/${fullName}`,
    });

    await world.sim.renameRepository(fullName, "renamed-for-real");
    expect(await record(installationId)).toMatchObject({
      repository: `${org.login}/renamed-for-real`,
      repositoryUrl: `${world.sim.url}/${org.login}/renamed-for-real`,
    });
  });

  it("installation_repositories.removed for a repository the installation still has does not break the connection; a real removal does", async () => {
    const { installationId, fullName, repo, org } = await linkedRepo();
    const forged = await deliver("installation_repositories", {
      action: "removed",
      installation: { id: installationId, account: { login: org.login } },
      repositories_added: [],
      repositories_removed: [{ id: repo.id, full_name: fullName }],
    });
    expect(forged.status).toBe(200);
    expect((await record(installationId)).brokenReason).toBeNull();

    await world.sim.setInstallationRepositories(installationId, { remove: [fullName] });
    expect((await record(installationId)).brokenReason).toMatch(/was removed from the GitHub App installation/);
  });
});

describe("a delivery left 'processing' by a crash", () => {
  const ping = { zen: "Keep it logically awesome.", hook_id: 1 };

  it("is processed again on redelivery once it is older than 5 minutes", async () => {
    const id = randomUUID();
    await getDb().webhookDelivery.create({
      data: { id, event: "ping", outcome: "processing", receivedAt: new Date(Date.now() - 6 * 60_000) },
    });
    expect((await deliver("ping", ping, id)).body.status).toBe("processed");
    expect(await getDb().webhookDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
      attempts: 2,
      outcome: expect.stringMatching(/^processed/),
    });
  });

  it("is still a duplicate while it may be in progress", async () => {
    const id = randomUUID();
    await getDb().webhookDelivery.create({
      data: { id, event: "ping", outcome: "processing", receivedAt: new Date(Date.now() - 60_000) },
    });
    expect((await deliver("ping", ping, id)).body.status).toBe("duplicate");
    expect((await getDb().webhookDelivery.findUniqueOrThrow({ where: { id } })).attempts).toBe(1);
  });
});
