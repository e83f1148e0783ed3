import { verify } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGithubSimulator, type GithubSimulator } from "../../tools/github-simulator";
import { orgWithRepo } from "../helpers/github";
import { webhookValidatorFor } from "../helpers/webhook-schemas";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

let sim: GithubSimulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await startGithubSimulator({ webhookUrl: receiver.url, setupUrl: "http://127.0.0.1:1/github/callback" });
});
afterAll(async () => {
  await sim.stop();
  await receiver.close();
});

describe("webhook deliveries", () => {
  it("are signed so that @octokit/webhooks-methods verifies them, with GitHub's headers", async () => {
    const before = receiver.received.length;
    const { fullName } = await orgWithRepo(sim);
    await sim.commit(fullName, { changes: [{ action: "put", path: "a.json", content: '{"name":"A"}' }] });
    const [installed, push] = receiver.received.slice(before);
    expect(installed!.headers["x-github-event"]).toBe("installation");
    expect(push!.headers["x-github-event"]).toBe("push");
    for (const delivery of [installed!, push!]) {
      expect(await verify(sim.app.webhookSecret, delivery.body, String(delivery.headers["x-hub-signature-256"]))).toBe(
        true,
      );
      expect(await verify("wrong secret", delivery.body, String(delivery.headers["x-hub-signature-256"]))).toBe(false);
      expect(delivery.headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(delivery.headers["x-github-hook-id"]).toBe("1");
      expect(delivery.headers["user-agent"]).toMatch(/^GitHub-Hookshot\//);
      expect(delivery.headers["content-type"]).toBe("application/json");
    }
  });

  it("are recorded with status and duration, and redeliver with the same delivery id", async () => {
    const before = receiver.received.length;
    const delivery = await sim.ping();
    expect(delivery).toMatchObject({ event: "ping", status: 200, responseBody: '{"ok":true}' });
    expect(delivery!.durationMs).toBeGreaterThanOrEqual(0);
    const again = await sim.webhooks.redeliver(delivery!.id);
    expect(again).toMatchObject({ guid: delivery!.guid, redelivery: true, status: 200 });
    expect(again.id).not.toBe(delivery!.id);
    const [first, second] = receiver.received.slice(before);
    expect(second!.headers["x-github-delivery"]).toBe(first!.headers["x-github-delivery"]);
    expect(second!.body).toBe(first!.body);
  });

  it("can be held and released, to order webhooks against browser redirects", async () => {
    const before = receiver.received.length;
    sim.webhooks.pause();
    await orgWithRepo(sim);
    expect(receiver.received.length).toBe(before);
    await sim.webhooks.resume();
    expect(receiver.received.length).toBe(before + 1);
  });
});

describe("payloads validate against GitHub's published schemas (@octokit/webhooks-schemas)", () => {
  it("for every event the simulator sends", async () => {
    const start = sim.deliveries().length;
    const user = sim.createAccount({});
    await sim.createRepository({ owner: user.login, name: "personal", files: { "x.json": "{}" } });
    await sim.install(user.login);
    const { fullName, installation, org } = await orgWithRepo(sim, { "t/a.json": '{"name":"A"}' });
    const other = await sim.createRepository({ owner: org.login, name: "other" });
    await sim.commit(fullName, {
      changes: [
        { action: "put", path: "t/b.json", content: '{"name":"B"}' },
        { action: "delete", path: "t/a.json" },
      ],
    });
    await sim.createBranch(fullName, "feature");
    await sim.commit(fullName, { branch: "feature", changes: [{ action: "put", path: "t/c.json", content: "{}" }] });
    await sim.deleteBranch(fullName, "feature");
    await sim.createTag(fullName, "v1");
    await sim.setInstallationRepositories(installation!.id, { remove: [`${org.login}/other`] });
    await sim.setInstallationRepositories(installation!.id, { add: [`${org.login}/other`] });
    await sim.setDefaultBranch(fullName, "main");
    await sim.renameRepository(fullName, "templates-renamed");
    // A user-owned repository: @octokit/webhooks-schemas 7.6.1 only describes
    // changes.owner.from.user, while GitHub also sends from.organization for
    // organization owners (the simulator does both, as GitHub documents).
    await sim.transferRepository(`${user.login}/personal`, org.login);
    await sim.acceptNewPermissions(installation!.id);
    await sim.suspend(installation!.id);
    await sim.unsuspend(installation!.id);
    await sim.ping();
    await sim.uninstall(installation!.id);
    expect(other.id).toBeGreaterThan(0);

    const deliveries = sim.deliveries().slice(start);
    const seen = new Set<string>();
    for (const delivery of deliveries) {
      const payload = JSON.parse(delivery.requestBody);
      const definition =
        delivery.event === "push" || delivery.event === "ping"
          ? `${delivery.event}$event`
          : `${delivery.event}$${payload.action}`;
      const validate = webhookValidatorFor(definition)!;
      expect(validate, definition).toBeDefined();
      const valid = validate(payload);
      expect(
        valid ? [] : validate.errors!.slice(0, 5).map((e) => `${definition}${e.instancePath} ${e.message}`),
        definition,
      ).toEqual([]);
      seen.add(definition);
    }
    expect([...seen].sort()).toEqual([
      "installation$created",
      "installation$deleted",
      "installation$new_permissions_accepted",
      "installation$suspend",
      "installation$unsuspend",
      "installation_repositories$added",
      "installation_repositories$removed",
      "ping$event",
      "push$event",
      "repository$edited",
      "repository$renamed",
      "repository$transferred",
    ]);
  });

  it("push payloads describe the push: created, deleted, forced, commits and head_commit", async () => {
    const { fullName } = await orgWithRepo(sim, { "a.json": "{}" });
    const start = sim.deliveries().length;
    const first = await sim.commit(fullName, {
      changes: [{ action: "put", path: "b.json", content: "{}" }],
      message: "Add b",
    });
    await sim.createBranch(fullName, "gone");
    await sim.deleteBranch(fullName, "gone");
    const pushes = sim
      .deliveries()
      .slice(start)
      .map((d) => JSON.parse(d.requestBody));
    expect(pushes[0]).toMatchObject({
      ref: "refs/heads/main",
      before: first.before,
      after: first.sha,
      created: false,
      deleted: false,
      forced: false,
      head_commit: { id: first.sha, message: "Add b", added: ["b.json"], removed: [], modified: [] },
    });
    expect(pushes[0].commits).toHaveLength(1);
    expect(pushes[1]).toMatchObject({ ref: "refs/heads/gone", created: true, deleted: false });
    expect(pushes[2]).toMatchObject({
      ref: "refs/heads/gone",
      created: false,
      deleted: true,
      after: "0000000000000000000000000000000000000000",
      head_commit: null,
    });
  });
});
