import { randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createActor, createTemplateRow } from "../helpers/factories";
import { startConnectedWorld } from "../helpers/connect";
import { linkRepository, orgWithRepo } from "../helpers/github";
import { afterDeliveries, settledDelivery } from "../helpers/deliveries";
import { inngestSink } from "../helpers/inngest-sink";
import { outboxRowsOf, sentEventsOf, waitForSentEvents } from "../helpers/outbox";

let world: Awaited<ReturnType<typeof startConnectedWorld>>;
beforeAll(async () => {
  world = await startConnectedWorld();
});
afterAll(() => world.stop());
beforeEach(() => {
  inngestSink().events.length = 0;
});

const db = () => getDb();
const record = (installationId: number) =>
  db().githubAppInstallation.findUnique({ where: { installationId: BigInt(installationId) } });

/** An organization with the app installed and its record linked to a new tenant on `branch`. */
async function linkedRepo(files?: Record<string, string>) {
  const gh = await orgWithRepo(world.sim, files);
  const actor = await createActor();
  const repo = await linkRepository(world.sim, gh, actor.tenantId);
  return { ...gh, actor, repo };
}

async function post(body: string, headers: Record<string, string>) {
  const response = await fetch(`${world.server.url}/github/webhooks`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function signed(
  event: string,
  payload: unknown,
  { secret = world.sim.app.webhookSecret, id = randomUUID() } = {},
) {
  const body = JSON.stringify(payload);
  return {
    id,
    body,
    headers: { "x-github-event": event, "x-github-delivery": id, "x-hub-signature-256": await sign(secret, body) },
  };
}

describe("POST /github/webhooks: events from the simulator", () => {
  it("installation.created is answered 202 and recorded, unlinked, by the delivery job", async () => {
    const { installation, org } = await orgWithRepo(world.sim);
    const delivery = world.sim.deliveries().find((d) => d.installationId === installation!.id)!;
    expect(delivery).toMatchObject({ event: "installation", action: "created", status: 202 });
    expect(JSON.parse(delivery.responseBody)).toEqual({
      status: "queued",
      reason: "installation.created is processed in the background",
    });
    expect(await settledDelivery(delivery.guid)).toMatchObject({
      outcome: `processed: installation ${installation!.id} recorded`,
      processedAt: expect.any(Date),
      payload: null,
    });
    expect(await record(installation!.id)).toMatchObject({ accountLogin: org.login, tenantId: null, deletedAt: null });
  });

  it("suspend and unsuspend mark the installation; pushes are ignored while suspended", async () => {
    const { installation, fullName, actor } = await linkedRepo();
    await afterDeliveries(await world.sim.suspend(installation!.id));
    expect((await record(installation!.id))!.suspendedAt).toBeInstanceOf(Date);
    // GitHub delivers nothing to a suspended installation...
    const push = await world.sim.commit(fullName, { changes: [{ action: "put", path: "a.json", content: "{}" }] });
    expect(push.deliveries).toEqual([]);
    // ...and should one arrive anyway (a redelivery, say), it is ignored.
    const late = await signed("push", {
      ref: "refs/heads/main",
      after: push.sha,
      deleted: false,
      repository: { id: world.sim.repository(fullName).id, full_name: fullName },
      installation: { id: installation!.id },
    });
    expect((await post(late.body, late.headers)).body).toEqual({
      status: "ignored",
      reason: "installation is suspended",
    });
    expect(await outboxRowsOf(actor.tenantId)).toEqual([]);
    expect(sentEventsOf(actor.tenantId)).toEqual([]);
    await afterDeliveries(await world.sim.unsuspend(installation!.id));
    expect((await record(installation!.id))!.suspendedAt).toBeNull();
  });

  it("installation.deleted has the effect of Disconnect: record soft-deleted, templates kept and editable", async () => {
    const { installation, actor } = await linkedRepo();
    const synced = await createTemplateRow(actor.tenantId, { syncSource: "a.json", syncSha: "b".repeat(40) });
    await afterDeliveries(await world.sim.uninstall(installation!.id));
    const row = await record(installation!.id);
    expect(row).toMatchObject({ tenantId: null, repository: null, defaultBranch: null });
    expect(row!.deletedAt).toBeInstanceOf(Date);
    expect(await db().template.findUniqueOrThrow({ where: { id: synced.id } })).toMatchObject({
      syncSource: null,
      syncSha: null,
      deletedAt: null,
    });
  });

  it("installation_repositories.removed of the linked repository marks the connection broken; added again heals it", async () => {
    const { installation, fullName, org } = await linkedRepo();
    const other = await world.sim.createRepository({ owner: org.login, name: "unrelated" });
    await afterDeliveries(
      await world.sim.setInstallationRepositories(installation!.id, { remove: [`${org.login}/${other.name}`] }),
    );
    expect((await record(installation!.id))!.brokenReason).toBeNull();
    await afterDeliveries(await world.sim.setInstallationRepositories(installation!.id, { remove: [fullName] }));
    expect((await record(installation!.id))!.brokenReason).toMatch(
      new RegExp(`The repository ${fullName} was removed from the GitHub App installation`),
    );
    await afterDeliveries(await world.sim.setInstallationRepositories(installation!.id, { add: [fullName] }));
    expect((await record(installation!.id))!.brokenReason).toBeNull();
  });

  it("repository renamed or transferred updates the stored full name", async () => {
    const { installation, fullName, org } = await linkedRepo();
    await afterDeliveries(await world.sim.renameRepository(fullName, "renamed-templates"));
    expect(await record(installation!.id)).toMatchObject({
      repository: `${org.login}/renamed-templates`,
      repositoryUrl: `${world.sim.url}/${org.login}/renamed-templates`,
    });
    const newOwner = world.sim.createAccount({ type: "Organization" });
    // GitHub confirms the new name only to an installation that can see the repository there.
    await afterDeliveries((await world.sim.install(newOwner.login)).delivery);
    await afterDeliveries(await world.sim.transferRepository(`${org.login}/renamed-templates`, newOwner.login));
    expect((await record(installation!.id))!.repository).toBe(`${newOwner.login}/renamed-templates`);
  });

  it("repository edited (default branch) is answered and changes nothing", async () => {
    const { installation, fullName } = await linkedRepo();
    const before = await record(installation!.id);
    const [delivery] = await world.sim.setDefaultBranch(fullName, "main");
    expect(delivery).toMatchObject({ status: 202 });
    expect((await settledDelivery(delivery!.guid)).outcome).toBe("processed: default branch change noted");
    expect(await record(installation!.id)).toEqual(before);
  });

  it("a push to the configured branch queues a sync with the pushed commit", async () => {
    const { installation, fullName, actor } = await linkedRepo();
    const { sha } = await world.sim.commit(fullName, {
      changes: [{ action: "put", path: "t.json", content: '{"name":"T"}' }],
    });
    expect(await waitForSentEvents(actor.tenantId, 1)).toEqual([
      expect.objectContaining({
        name: "github/templates.sync.requested",
        data: {
          tenantId: actor.tenantId.toString(),
          installationId: String(installation!.id),
          reason: "push",
          commit: sha,
        },
      }),
    ]);
  });

  it("pushes to another branch, a tag, another repository, or deleting the branch queue nothing", async () => {
    const { fullName, org, actor } = await linkedRepo();
    const other = await world.sim.createRepository({ owner: org.login, name: "other", files: { "x.json": "{}" } });
    await world.sim.createBranch(fullName, "feature");
    await world.sim.commit(fullName, {
      branch: "feature",
      changes: [{ action: "put", path: "f.json", content: "{}" }],
    });
    await world.sim.createTag(fullName, "v1.0.0");
    await world.sim.commit(`${org.login}/${other.name}`, {
      changes: [{ action: "put", path: "y.json", content: "{}" }],
    });
    await world.sim.deleteBranch(fullName, "feature");
    const answers = world.sim
      .deliveries()
      .slice(-5)
      .map((d) => [d.status, JSON.parse(d.responseBody).reason]);
    expect(answers).toEqual([
      [200, "push to refs/heads/feature, not refs/heads/main"],
      [200, "push to refs/heads/feature, not refs/heads/main"],
      [200, "push to refs/tags/v1.0.0, not refs/heads/main"],
      [200, `push to ${org.login}/other, not the linked repository`],
      [200, "refs/heads/feature was deleted"],
    ]);
    expect(await outboxRowsOf(actor.tenantId)).toEqual([]);
    expect(sentEventsOf(actor.tenantId)).toEqual([]);
  });

  it("a push for an installation with no chosen repository is ignored", async () => {
    // Linked to an organization, as right after the setup callback, before a repository is chosen.
    const { fullName, installation } = await orgWithRepo(world.sim);
    const actor = await createActor();
    await db().githubAppInstallation.update({
      where: { installationId: BigInt(installation!.id) },
      data: { tenantId: actor.tenantId },
    });
    const { deliveries } = await world.sim.commit(fullName, {
      changes: [{ action: "put", path: "a.json", content: "{}" }],
    });
    expect(JSON.parse(deliveries[0]!.responseBody)).toEqual({ status: "ignored", reason: "no repository chosen yet" });
    expect(sentEventsOf(actor.tenantId)).toEqual([]);
    expect(await outboxRowsOf(actor.tenantId)).toEqual([]);
  });

  it("a push for an installation not linked to an organization is ignored", async () => {
    const { fullName, installation } = await orgWithRepo(world.sim);
    inngestSink().events.length = 0;
    const { deliveries } = await world.sim.commit(fullName, {
      changes: [{ action: "put", path: "a.json", content: "{}" }],
    });
    expect(JSON.parse(deliveries[0]!.responseBody)).toEqual({
      status: "ignored",
      reason: "installation is not connected to an organization",
    });
    expect(await db().syncOutbox.count({ where: { installationId: BigInt(installation!.id), kind: "sync" } })).toBe(0);
    expect(inngestSink().events).toEqual([]);
  });

  it("ping answers 200; unknown events 202 ignored", async () => {
    expect(await world.sim.ping()).toMatchObject({ status: 200 });
    const unknown = await signed("issues", { action: "opened" });
    expect(await post(unknown.body, unknown.headers)).toEqual({
      status: 202,
      body: { status: "ignored", reason: "event issues is not used" },
    });
  });

  it("a redelivery of a processed delivery returns 200 and changes nothing", async () => {
    const { fullName, actor } = await linkedRepo();
    const { deliveries } = await world.sim.commit(fullName, {
      changes: [{ action: "put", path: "r.json", content: "{}" }],
    });
    expect(await waitForSentEvents(actor.tenantId, 1)).toHaveLength(1);
    const again = await world.sim.webhooks.redeliver(deliveries[0]!.id);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.responseBody)).toMatchObject({ status: "duplicate" });
    expect(await outboxRowsOf(actor.tenantId)).toHaveLength(1);
    expect(sentEventsOf(actor.tenantId)).toHaveLength(1);
    expect(await db().webhookDelivery.findUnique({ where: { id: deliveries[0]!.guid } })).toMatchObject({
      attempts: 1,
      outcome: expect.stringMatching(/^processed: sync requested/),
    });
  });
});

describe("POST /github/webhooks: refusals", () => {
  const payload = { action: "created", installation: { id: 99, account: { login: "x" } } };

  it.each([
    ["missing", () => ({})],
    ["malformed", () => ({ "x-hub-signature-256": "sha256=not-hex" })],
    ["sha1 only", () => ({ "x-hub-signature": "sha1=0123456789abcdef0123456789abcdef01234567" })],
  ])("answers 401 for a %s signature and writes nothing", async (_name, headers) => {
    const id = randomUUID();
    const result = await post(JSON.stringify(payload), {
      "x-github-event": "installation",
      "x-github-delivery": id,
      ...headers(),
    });
    expect(result.status).toBe(401);
    expect(await db().webhookDelivery.findUnique({ where: { id } })).toBeNull();
    expect(await record(99)).toBeNull();
  });

  it("answers 401 for a tampered body or a wrong secret and writes nothing", async () => {
    const good = await signed("installation", payload);
    const tampered = await post(good.body.replace('"x"', '"y"'), good.headers);
    expect(tampered.status).toBe(401);
    const wrong = await signed("installation", payload, { secret: "not-the-secret-at-all" });
    expect((await post(wrong.body, wrong.headers)).status).toBe(401);
    for (const id of [good.id, wrong.id]) expect(await db().webhookDelivery.findUnique({ where: { id } })).toBeNull();
    expect(await record(99)).toBeNull();
  });

  it("answers 400 for a valid signature over invalid JSON", async () => {
    const id = randomUUID();
    const body = '{"action": "created",';
    const result = await post(body, {
      "x-github-event": "installation",
      "x-github-delivery": id,
      "x-hub-signature-256": await sign(world.sim.app.webhookSecret, body),
    });
    expect(result).toMatchObject({ status: 400, body: { error: "body is not valid JSON" } });
    expect(await db().webhookDelivery.findUnique({ where: { id } })).toBeNull();
  });

  it("answers 413 for a body over 25 MB", async () => {
    const body = `{"pad":"${"x".repeat(25 * 1024 * 1024)}"}`;
    const result = await post(body, {
      "x-github-event": "push",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": await sign(world.sim.app.webhookSecret, body),
    });
    expect(result.status).toBe(413);
  });

  it.each([
    ["installation", { action: "created", installation: { id: "not-a-number" } }, "installation.id"],
    ["installation_repositories", { action: "removed", installation: { id: 7, account: null } }, "repositories_added"],
    ["repository", { action: "renamed", repository: { id: 1 }, installation: { id: 7 } }, "repository.full_name"],
    [
      "push",
      { ref: "refs/heads/main", after: "not-a-sha", deleted: false, repository: { id: 1, full_name: "a/b" } },
      "after",
    ],
    ["pull_request", { action: "opened", number: 1, repository: { id: 1, full_name: "a/b" } }, "pull_request"],
  ])(
    "answers 400 for a signed %s payload that fails its schema, records it ignored, and queues nothing",
    async (event, payload, field) => {
      const bad = await signed(event, payload);
      const answer = await post(bad.body, bad.headers);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatch(new RegExp(`^the ${event} payload does not match its schema: ${field}: `));
      const row = await db().webhookDelivery.findUniqueOrThrow({ where: { id: bad.id } });
      expect(row.outcome).toBe(`ignored: ${answer.body.error}`);
      expect(row.payload).toBeNull();
      expect(await db().syncOutbox.count({ where: { request: { path: ["deliveryId"], equals: bad.id } } })).toBe(0);
      expect(await record(99)).toBeNull();
      // GitHub's redelivery carries the same body: the same answer, and still nothing changed.
      expect((await post(bad.body, bad.headers)).status).toBe(400);
      expect((await db().webhookDelivery.findUniqueOrThrow({ where: { id: bad.id } })).attempts).toBe(1);
    },
  );

  it("answers 500 when the delivery cannot be recorded, so GitHub marks it failed and it can be redelivered", async () => {
    // An id over webhook_deliveries' own limit cannot happen from GitHub; a closed database is the real case (tests/faults).
    const delivery = await signed("ping", { zen: "z", hook_id: 1 });
    await db().$executeRawUnsafe(
      `ALTER TABLE webhook_deliveries ADD CONSTRAINT test_refuse_${delivery.id.slice(0, 8)} CHECK (id <> '${delivery.id}') NOT VALID`,
    );
    try {
      expect(await post(delivery.body, delivery.headers)).toMatchObject({
        status: 500,
        body: { error: "recording failed; redeliver to retry", delivery: delivery.id },
      });
      expect(await db().webhookDelivery.findUnique({ where: { id: delivery.id } })).toBeNull();
    } finally {
      await db().$executeRawUnsafe(
        `ALTER TABLE webhook_deliveries DROP CONSTRAINT test_refuse_${delivery.id.slice(0, 8)}`,
      );
    }
    expect(await post(delivery.body, delivery.headers)).toMatchObject({ status: 200, body: { status: "processed" } });
  });
});
