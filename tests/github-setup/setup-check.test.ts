import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { readSetupReport, runSetupChecks } from "@/lib/setup/checks";
import { orgWithRepo } from "../helpers/github";
import { startConnectedWorld } from "../helpers/connect";

let world: Awaited<ReturnType<typeof startConnectedWorld>>;
beforeAll(async () => {
  world = await startConnectedWorld({ oauth: true });
});
afterAll(() => world.stop());

const byId = async () => Object.fromEntries((await runSetupChecks(getDb())).results.map((r) => [r.id, r]));

describe("the setup check", () => {
  it("passes what is right, warns while GitHub has delivered nothing, and keeps the report", async () => {
    const results = await byId();
    expect(results.database).toMatchObject({ status: "pass" });
    expect(results.app).toMatchObject({ status: "pass" });
    expect(results.permissions).toMatchObject({ status: "pass" });
    expect(results.oauth).toMatchObject({ status: "pass" });
    expect(results.webhook).toMatchObject({ status: "warning", detail: expect.stringContaining("nothing yet") });
    expect(results["app-url"]).toMatchObject({ status: "warning" }); // development: loopback is fine
    const stored = await readSetupReport(getDb());
    expect(stored!.results.map((r) => r.id)).toEqual(Object.keys(results));
  });

  it("passes the webhook once deliveries reached us, and lists the status codes of those that did not", async () => {
    await orgWithRepo(world.sim);
    expect((await byId()).webhook).toMatchObject({ status: "pass" });
    const secret = world.sim.app.webhookSecret;
    world.sim.app.webhookSecret = "not-the-secret-the-app-has-0000";
    try {
      await world.sim.ping();
    } finally {
      world.sim.app.webhookSecret = secret;
    }
    const webhook = (await byId()).webhook!;
    expect(webhook.status).toBe("warning");
    expect(webhook.detail).toMatch(/ping [0-9a-f]{8}: 401/);
  });

  it("names the exact missing permissions and events", async () => {
    const { permissions, events } = world.sim.app;
    world.sim.app.permissions = { contents: "read", metadata: "read" };
    world.sim.app.events = ["push"];
    try {
      const result = (await byId()).permissions!;
      expect(result.status).toBe("failure");
      expect(result.detail).toBe(
        "Missing: permission checks: write, permission pull_requests: read, event pull_request, event check_run, event repository.",
      );
    } finally {
      Object.assign(world.sim.app, { permissions, events });
    }
  });

  it("fails when GitHub's webhook URL is not ours, naming both", async () => {
    const url = world.sim.app.webhookUrl;
    world.sim.configureApp({ webhookUrl: "https://elsewhere.example/hook" });
    try {
      const result = (await byId()).webhook!;
      expect(result).toMatchObject({ status: "failure" });
      expect(result.detail).toContain("https://elsewhere.example/hook");
      expect(result.detail).toContain(`${world.server.url}/github/webhooks`);
    } finally {
      world.sim.configureApp({ webhookUrl: url });
    }
  });

  it("fails when GitHub refuses the App's JWT", async () => {
    const key = world.sim.app.publicKey;
    const { generateKeyPairSync } = await import("node:crypto");
    world.sim.app.publicKey = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
    }).publicKey;
    try {
      expect((await byId()).app).toMatchObject({ status: "failure", detail: expect.stringContaining("401") });
    } finally {
      world.sim.app.publicKey = key;
    }
  });
});
