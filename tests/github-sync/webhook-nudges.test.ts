import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createActor } from "../helpers/factories";
import { startConnectedWorld } from "../helpers/connect";
import { linkRepository, orgWithRepo } from "../helpers/github";
import { afterDeliveries, settledDelivery } from "../helpers/deliveries";
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

/** Delivers, expects the route to hand it to the delivery job, and returns the job's settled outcome. */
async function deliverToJob(event: string, payload: unknown) {
  const answer = await deliver(event, payload);
  expect(answer).toMatchObject({ status: 202, body: { status: "queued" } });
  return (await settledDelivery(answer.id)).outcome;
}

describe("webhooks that take something away are nudges: GitHub is asked first", () => {
  it("a forged installation.suspend does not suspend an installation GitHub says is active; a real one does", async () => {
    const { installationId, org } = await linkedRepo();
    const forged = await deliverToJob("installation", {
      action: "suspend",
      installation: { id: installationId, account: { login: org.login }, suspended_at: new Date().toISOString() },
    });
    expect(forged).toMatch(/^ignored: installation.suspend not confirmed/);
    expect((await record(installationId)).suspendedAt).toBeNull();

    await afterDeliveries(await world.sim.suspend(installationId));
    expect((await record(installationId)).suspendedAt).toBeInstanceOf(Date);
  });

  it("a forged installation.deleted does not disconnect an installation GitHub still has; a real uninstall does", async () => {
    const { installationId, org, fullName } = await linkedRepo();
    const forged = await deliverToJob("installation", {
      action: "deleted",
      installation: { id: installationId, account: { login: org.login } },
    });
    expect(forged).toMatch(/^ignored: installation.deleted not confirmed: GitHub still has installation/);
    expect(await record(installationId)).toMatchObject({ deletedAt: null, repository: fullName });

    await afterDeliveries(await world.sim.uninstall(installationId));
    expect((await record(installationId)).deletedAt).toBeInstanceOf(Date);
  });

  it("a repository.renamed that GitHub does not confirm does not repoint; a real rename does", async () => {
    const { installationId, fullName, repo, org } = await linkedRepo();
    const forged = await deliverToJob("repository", {
      action: "renamed",
      repository: {
        id: repo.id,
        full_name: `${org.login}/attacker-chosen`,
        html_url: `${world.sim.url}/${org.login}/attacker-chosen`,
        default_branch: "main",
      },
      installation: { id: installationId },
    });
    expect(forged).toMatch(/^processed: repository is now/);
    expect(await record(installationId)).toMatchObject({
      repository: fullName,
      repositoryUrl: `${world.sim.url}/${fullName}`,
    });

    await afterDeliveries(await world.sim.renameRepository(fullName, "renamed-for-real"));
    expect(await record(installationId)).toMatchObject({
      repository: `${org.login}/renamed-for-real`,
      repositoryUrl: `${world.sim.url}/${org.login}/renamed-for-real`,
    });
  });

  it("installation_repositories.removed for a repository the installation still has does not break the connection; a real removal does", async () => {
    const { installationId, fullName, repo, org } = await linkedRepo();
    const forged = await deliverToJob("installation_repositories", {
      action: "removed",
      installation: { id: installationId, account: { login: org.login } },
      repositories_added: [],
      repositories_removed: [{ id: repo.id, full_name: fullName }],
    });
    expect(forged).toMatch(/^ignored: removal not confirmed/);
    expect((await record(installationId)).brokenReason).toBeNull();

    await afterDeliveries(await world.sim.setInstallationRepositories(installationId, { remove: [fullName] }));
    expect((await record(installationId)).brokenReason).toMatch(/was removed from the GitHub App installation/);
  });

  it("a replayed installation_repositories.added does not heal a connection GitHub says is still cut off; a real one does", async () => {
    const { installationId, fullName, repo, org } = await linkedRepo();
    await afterDeliveries(await world.sim.setInstallationRepositories(installationId, { remove: [fullName] }));
    const broken = (await record(installationId)).brokenReason;
    expect(broken).toMatch(/was removed/);
    const replayed = await deliverToJob("installation_repositories", {
      action: "added",
      installation: { id: installationId, account: { login: org.login } },
      repositories_added: [{ id: repo.id, full_name: fullName }],
      repositories_removed: [],
    });
    expect(replayed).toMatch(/^ignored: addition not confirmed/);
    expect((await record(installationId)).brokenReason).toBe(broken);

    await afterDeliveries(await world.sim.setInstallationRepositories(installationId, { add: [fullName] }));
    expect((await record(installationId)).brokenReason).toBeNull();
  });

  it("a replayed installation.created for a known installation stores what GitHub reports, not the old body", async () => {
    const { installationId, org } = await linkedRepo();
    const before = await record(installationId);
    const replayed = await deliverToJob("installation", {
      action: "created",
      installation: {
        id: installationId,
        account: { login: "someone-else" },
        permissions: { contents: "write", administration: "write" },
        target_type: "User",
      },
    });
    expect(replayed).toBe(`processed: installation ${installationId} recorded (per GitHub)`);
    const after = await record(installationId);
    expect(after.permissions).toEqual(before.permissions);
    expect(after).toMatchObject({ accountLogin: org.login, accountType: "Organization", tenantId: before.tenantId });
  });

  it("a replayed installation.created of an installation GitHub no longer has changes nothing", async () => {
    const { installationId, org } = await linkedRepo();
    await afterDeliveries(await world.sim.uninstall(installationId));
    const gone = await record(installationId);
    expect(gone.deletedAt).toBeInstanceOf(Date);
    const replayed = await deliverToJob("installation", {
      action: "created",
      installation: { id: installationId, account: { login: org.login }, permissions: { contents: "read" } },
    });
    expect(replayed).toBe(
      `ignored: installation.created not confirmed: GitHub does not know installation ${installationId}`,
    );
    expect(await record(installationId)).toEqual(gone);
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
