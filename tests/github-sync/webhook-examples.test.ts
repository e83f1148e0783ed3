import definitions from "@octokit/webhooks-examples";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createActor } from "../helpers/factories";
import { startConnectedWorld } from "../helpers/connect";
import { inngestSink } from "../helpers/inngest-sink";
import { waitForSentEvents } from "../helpers/outbox";
import { settledDelivery } from "../helpers/deliveries";
import { postSignedWebhook } from "../helpers/webhooks";

/** GitHub's own example payloads (@octokit/webhooks-examples), signed and POSTed to the real route. */
let world: Awaited<ReturnType<typeof startConnectedWorld>>;
beforeAll(async () => {
  world = await startConnectedWorld();
});
afterAll(() => world.stop());
beforeEach(() => {
  inngestSink().events.length = 0;
});

type Payload = {
  action?: string;
  installation?: { id: number; account?: { login: string } | null };
  repository?: { id: number; full_name: string; html_url?: string };
  repositories_removed?: { id: number; full_name: string }[];
  ref?: string;
  deleted?: boolean;
  after?: string;
};

const EVENTS = ["push", "installation", "installation_repositories", "repository"] as const;
const examplesOf = (event: (typeof EVENTS)[number]) =>
  (definitions.find((d) => d.name === event)?.examples ?? []) as unknown as Payload[];

// The examples reuse GitHub's ids (installation 1 or 2, one repository id), and simulators in
// other test files share this database; each delivery gets fresh ids above the simulators' range.
let lastId = 5_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;
const freshId = () => ++lastId;

/** A copy of `example` with fresh installation and repository ids. */
function withFreshIds(example: Payload): Payload {
  const payload = structuredClone(example);
  if (payload.installation) payload.installation.id = freshId();
  if (payload.repository) payload.repository.id = freshId();
  return payload;
}

async function deliver(event: string, payload: Payload) {
  const { id, status, body } = await postSignedWebhook(world.server.url, world.sim.app.webhookSecret, event, payload);
  return { id, status, answer: body };
}

const record = (installationId: number) =>
  getDb().githubAppInstallation.findUnique({ where: { installationId: BigInt(installationId) } });

describe("GitHub's example payloads, for installations not linked to an organization", () => {
  it("the package has examples of every event the app handles", () => {
    for (const event of EVENTS) expect(examplesOf(event).length, event).toBeGreaterThan(0);
  });

  const cases = EVENTS.flatMap((event) =>
    examplesOf(event).map((example, index) => ({
      event,
      example,
      name: `${event} example ${index}${example.action ? ` (${example.action})` : ""}`,
    })),
  );

  for (const { event, example, name } of cases)
    it(`${name} is accepted and recorded`, async () => {
      const payload = withFreshIds(example);
      const installationId = payload.installation?.id;
      // Every installation but a newly created one is already known here, unlinked (as after install).
      if (installationId && !(event === "installation" && payload.action === "created")) {
        await getDb().githubAppInstallation.create({
          data: { installationId: BigInt(installationId), accountLogin: payload.installation!.account?.login ?? null },
        });
      }

      const { id, status, answer } = await deliver(event, payload);

      expect([200, 202]).toContain(status);
      expect(["processed", "ignored", "queued"]).toContain(answer.status);
      // Installation and repository events are answered 202 and settled by the delivery job.
      const settled = answer.status === "queued" ? await settledDelivery(id) : null;
      expect(await getDb().webhookDelivery.findUnique({ where: { id } })).toMatchObject({
        event,
        action: payload.action ?? null,
        installationId: installationId ? BigInt(installationId) : null,
        outcome: settled ? expect.stringMatching(/^(processed|ignored): /) : `${answer.status}: ${answer.reason}`,
        processedAt: expect.any(Date),
      });
      if (event === "push") {
        expect(answer).toEqual({
          status: "ignored",
          reason: installationId ? "installation is not connected to an organization" : "push without an installation",
        });
      }
      if (event === "installation" && payload.action === "created") {
        expect(settled?.outcome).toBe(`processed: installation ${installationId} recorded`);
        expect(await record(installationId!)).toMatchObject({ tenantId: null, deletedAt: null });
      }
      if (installationId) expect((await record(installationId))?.tenantId).toBeNull();
      if (installationId)
        expect(await getDb().syncOutbox.count({ where: { installationId, kind: { not: "delivery" } } })).toBe(0);
    });
});

describe("GitHub's example payloads, for a linked installation", () => {
  /** An installation linked to a fresh organization, on the example's repository and branch. */
  async function linked(payload: Payload, repositoryId: number, branch = "master") {
    const actor = await createActor();
    await getDb().githubAppInstallation.create({
      data: {
        installationId: BigInt(payload.installation!.id),
        accountLogin: payload.installation!.account?.login ?? null,
        tenantId: actor.tenantId,
        repository: "example/templates",
        repositoryId: BigInt(repositoryId),
        repositoryUrl: "https://github.com/example/templates",
        defaultBranch: branch,
        folder: "",
      },
    });
    return actor;
  }

  it("a push to the linked branch queues a sync of the pushed commit", async () => {
    const example = examplesOf("push").find((p) => p.installation && p.ref === "refs/heads/master" && !p.deleted);
    const payload = withFreshIds(example!);
    const actor = await linked(payload, payload.repository!.id);
    const { status, answer } = await deliver("push", payload);
    expect({ status, answer }).toEqual({
      status: 200,
      answer: { status: "processed", reason: `sync requested for ${payload.after}` },
    });
    expect(await waitForSentEvents(actor.tenantId, 1)).toEqual([
      expect.objectContaining({
        name: "github/templates.sync.requested",
        data: {
          tenantId: actor.tenantId.toString(),
          installationId: String(payload.installation!.id),
          reason: "push",
          commit: payload.after,
        },
      }),
    ]);
  });

  it("installation_repositories.removed of the linked repository marks the connection broken", async () => {
    const payload = withFreshIds(examplesOf("installation_repositories").find((p) => p.action === "removed")!);
    const removed = payload.repositories_removed![0]!;
    removed.id = freshId();
    await linked(payload, removed.id);
    const { id, answer } = await deliver("installation_repositories", payload);
    expect(answer.status).toBe("queued");
    // GitHub (the simulator) does not know the example's installation: the removal is confirmed by its 404.
    expect((await settledDelivery(id)).outcome).toBe("processed: connection marked broken: linked repository removed");
    expect((await record(payload.installation!.id))!.brokenReason).toContain(
      `The repository ${removed.full_name} was removed`,
    );
  });

  it("repository.renamed is checked with GitHub before the linked repository is repointed", async () => {
    // GitHub's example names a repository GitHub (here, the simulator) does not know: the
    // rename cannot be confirmed, so nothing is repointed (tests/github-sync/webhook-nudges.test.ts
    // shows a confirmed rename being followed).
    const payload = withFreshIds(examplesOf("repository").find((p) => p.action === "renamed" && p.installation)!);
    await linked(payload, payload.repository!.id);
    const { id, status, answer } = await deliver("repository", payload);
    expect(status).toBe(202);
    expect(answer.status).toBe("queued");
    expect((await settledDelivery(id)).outcome).toMatch(/^ignored: repository.renamed not confirmed/);
    expect(await record(payload.installation!.id)).toMatchObject({
      repository: "example/templates",
      repositoryUrl: "https://github.com/example/templates",
    });
  });
});
