import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import path from "node:path";
import * as readyRoute from "@/app/api/ready/route";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { checkReadiness } from "@/lib/observability/readiness";
import { readSetupReport, runSetupChecks } from "@/lib/setup/checks";
import { getSetupStatus } from "@/lib/setup/setup-status";
import { getGithubApp } from "@/lib/github/app";
import { currentGithubSource, loadGithubConfig } from "@/lib/github/config";
import { createActor, unique } from "../helpers/factories";
import { submitInstallPage, visitCallback } from "../helpers/connect";
import { sessionCookie } from "../helpers/session";
import { createAppOnGithub, SETUP_CODE, setupBrowser, startSetupWorld } from "../helpers/setup-world";

let world: Awaited<ReturnType<typeof startSetupWorld>>;
beforeAll(async () => {
  world = await startSetupWorld();
});
afterAll(() => world.stop());
beforeEach(async () => {
  await getDb().githubAppCredential.deleteMany({});
});

const stored = () => getDb().githubAppCredential.findUnique({ where: { id: 1 } });

/** A GitHub user who owns a GitHub organization with a repository. */
function githubOrg() {
  const admin = world.sim.createAccount({ login: unique("gh-admin") });
  const org = world.sim.createAccount({
    login: unique("gh-org"),
    type: "Organization",
    members: [{ login: admin.login, role: "admin" }],
  });
  return { admin, org };
}

/** The operator's browser, past the setup code, with the form "Create GitHub App" posts. */
async function operatorForm(access: "read" | "write" = "read", org?: string) {
  const browser = setupBrowser(world.server);
  expect((await browser.enterCode(SETUP_CODE)).status).toBe(204);
  const response = await browser.post("/api/setup/github/manifest", {
    owner: org ? { type: "organization", login: org } : { type: "user" },
    access,
  });
  expect(response.status).toBe(200);
  return { browser, form: (await response.json()) as { action: string; manifest: string } };
}

const errorOf = (response: Response) => new URL(response.headers.get("location")!).searchParams.get("error");

describe("one-click GitHub App setup (manifest flow)", () => {
  it("creates the App on GitHub, stores it encrypted, uses it at once, installs and links", async () => {
    const { admin, org } = githubOrg();
    await world.sim.createRepository({ owner: org.login, name: "templates" });
    expect(await loadGithubConfig()).toBeNull();
    // Not ready yet: no App in the environment, none stored.
    const before = await checkReadiness({
      db: getDb,
      env: getEnv,
      github: () => loadGithubConfig(getDb()),
      migrationsDir: path.resolve(import.meta.dirname, "../../prisma/migrations"),
    });
    expect(before.checks.find((check) => check.name === "github")).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/not configured: .*or create one at \/setup\/github$/),
    });
    const { browser, form } = await operatorForm("read", org.login);

    const action = new URL(form.action);
    expect(action.origin + action.pathname).toBe(`${world.sim.url}/organizations/${org.login}/settings/apps/new`);
    const manifest = JSON.parse(form.manifest);
    expect(manifest).toMatchObject({
      url: world.server.url,
      hook_attributes: { url: `${world.server.url}/github/webhooks`, active: true },
      redirect_url: `${world.server.url}/setup/github/callback`,
      setup_url: `${world.server.url}/github/callback`,
      setup_on_update: true,
      callback_urls: [`${world.server.url}/github/callback`],
      public: false,
      default_permissions: { contents: "read", metadata: "read", checks: "write", pull_requests: "read" },
      default_events: ["push", "pull_request", "check_run", "repository"],
    });

    const redirect = await createAppOnGithub(world.sim, form, admin.login);
    expect(redirect.startsWith(`${world.server.url}/setup/github/callback?code=`)).toBe(true);
    const done = await browser.get(redirect);
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${world.sim.url}/apps/${world.sim.app.slug}/installations/new`);

    // Stored with its secrets encrypted; the simulator's App is the new one, with its own key.
    const row = (await stored())!;
    expect(row.appId.toString()).toBe(String(world.sim.app.id));
    expect(row.ownerLogin).toBe(org.login);
    for (const secret of [world.sim.app.privateKey, world.sim.app.webhookSecret, world.sim.app.clientSecret]) {
      expect(Object.values(row).map(String).join("\n")).not.toContain(secret);
    }
    expect(row.privateKeyEnc).toMatch(/^v1\./);
    const config = (await loadGithubConfig())!;
    expect(currentGithubSource()).toBe("database");
    expect(config).toMatchObject({ appId: String(world.sim.app.id), clientId: world.sim.app.clientId });
    const { data } = await getGithubApp().octokit.request("GET /app");
    expect(data!.id).toBe(world.sim.app.id);
    // Ready with the stored App (the probe's first answer in this file: nothing cached).
    const ready = await readyRoute.GET();
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: { name: string; detail: string }[] }).checks).toContainEqual({
      name: "github",
      ok: true,
      detail: `GitHub App ${world.sim.app.id} on ${world.sim.apiUrl}, stored by one-click setup`,
    });

    // Install the new App (its Setup URL and webhook URL are ours) and link it to an organization.
    const actor = await createActor();
    const connect = await fetch(`${world.server.url}/github/callback`, { redirect: "manual" }); // signed out
    expect(connect.status).toBe(303);
    const { startConnect } = await import("@/lib/github-sync/connect");
    const state = new URL(await startConnect(actor)).searchParams.get("state")!;
    const installRedirect = await submitInstallPage(world.sim, { user: admin.login, account: org.login, state });
    expect(await visitCallback(installRedirect, actor)).toEqual({
      status: 303,
      location: "/settings/github-sync?notice=installed",
    });
    // Answered 202: recorded for the delivery job; the callback linked the installation already.
    expect(world.sim.deliveries().at(-1)).toMatchObject({ event: "installation", action: "created", status: 202 });
    const installationId = BigInt(new URL(installRedirect).searchParams.get("installation_id")!);
    expect(await getDb().githubAppInstallation.findUnique({ where: { installationId } })).toMatchObject({
      tenantId: actor.tenantId,
    });
  });

  it("asks for read and write permissions for write-back, on the personal account's page", async () => {
    const { form } = await operatorForm("write");
    expect(new URL(form.action).pathname).toBe("/settings/apps/new");
    expect(JSON.parse(form.manifest).default_permissions).toEqual({
      contents: "write",
      metadata: "read",
      checks: "write",
      pull_requests: "write",
    });
  });

  it("sees credentials another instance stored or forgot, at the next request", async () => {
    const { admin } = githubOrg();
    const { browser, form } = await operatorForm();
    await browser.get(await createAppOnGithub(world.sim, form, admin.login));
    expect(await loadGithubConfig()).not.toBeNull();
    // Another instance forgets them: this one notices without a restart.
    await getDb().githubAppCredential.deleteMany({});
    expect(await loadGithubConfig()).toBeNull();
    expect(() => getGithubApp()).toThrow("not configured");
  });

  it("Forget stored credentials needs a confirmation, then removes them", async () => {
    const { admin } = githubOrg();
    const { browser, form } = await operatorForm();
    await browser.get(await createAppOnGithub(world.sim, form, admin.login));
    await runSetupChecks(getDb());
    expect(await readSetupReport(getDb())).not.toBeNull();
    const unconfirmed = await browser.post("/api/setup/github/forget", {});
    expect(unconfirmed.status).toBe(422);
    expect(await stored()).not.toBeNull();
    expect(await readSetupReport(getDb())).not.toBeNull();
    expect((await browser.post("/api/setup/github/forget", { confirm: true })).status).toBe(204);
    expect(await stored()).toBeNull();
    expect(await loadGithubConfig()).toBeNull();
    // The last setup check described the forgotten App: it is gone with it.
    expect(await readSetupReport(getDb())).toBeNull();
    expect((await browser.post("/api/setup/github/forget", { confirm: true })).status).toBe(404);
  });
});

describe("a stored App the key does not open", () => {
  it("the setup page says what to do in a sentence, not the decryption error", async () => {
    await getDb().githubAppCredential.create({
      data: {
        appId: 7n,
        slug: "a",
        name: "a",
        clientId: "c",
        clientSecretEnc: "x",
        webhookSecretEnc: "x",
        privateKeyEnc: "v1.not.a.secret",
      },
    });
    const status = await getSetupStatus(getDb());
    expect(status).toMatchObject({ source: "database", stored: { name: "a" } });
    expect(status.problem).toBe(
      "The stored GitHub App cannot be decrypted with ALLEGRO_ENCRYPTION_KEY: set the key it was stored with, or forget the stored credentials and create the App again.",
    );
  });
});

describe("refusals: nothing is stored", () => {
  it("a forged state: no exchange at all", async () => {
    const { admin } = githubOrg();
    const { browser, form } = await operatorForm();
    const redirect = new URL(await createAppOnGithub(world.sim, form, admin.login));
    const code = redirect.searchParams.get("code")!;
    redirect.searchParams.set("state", form.action.replace(/.*state=/, "").slice(0, -6) + "AAAAAA");
    expect(errorOf(await browser.get(redirect.toString()))).toBe("state_invalid");
    redirect.searchParams.set("state", "forged");
    expect(errorOf(await browser.get(redirect.toString()))).toBe("state_invalid");
    expect(world.sim.manifests.pending.has(code)).toBe(true); // never exchanged
    expect(await stored()).toBeNull();
  });

  it("a replayed state", async () => {
    const { admin } = githubOrg();
    const { browser, form } = await operatorForm();
    const redirect = new URL(await createAppOnGithub(world.sim, form, admin.login));
    const wrongCode = new URL(redirect);
    wrongCode.searchParams.set("code", "0000");
    expect(errorOf(await browser.get(wrongCode.toString()))).toBe("code_refused");
    expect(errorOf(await browser.get(redirect.toString()))).toBe("state_used");
    expect(world.sim.manifests.pending.has(redirect.searchParams.get("code")!)).toBe(true);
    expect(await stored()).toBeNull();
  });

  it("a code exchanged twice", async () => {
    const { admin } = githubOrg();
    const { browser, form } = await operatorForm();
    const redirect = await createAppOnGithub(world.sim, form, admin.login);
    const code = new URL(redirect).searchParams.get("code")!;
    const first = await fetch(`${world.sim.apiUrl}/app-manifests/${code}/conversions`, { method: "POST" });
    expect(first.status).toBe(201);
    expect(errorOf(await browser.get(redirect))).toBe("code_refused");
    expect(await stored()).toBeNull();
  });

  it("an expired code (GitHub's codes last an hour)", async () => {
    const { admin } = githubOrg();
    const { browser, form } = await operatorForm();
    const redirect = await createAppOnGithub(world.sim, form, admin.login);
    const realNow = world.sim.now;
    world.sim.now = () => realNow() + 61 * 60 * 1000;
    try {
      expect(errorOf(await browser.get(redirect))).toBe("code_refused");
    } finally {
      world.sim.now = realNow;
    }
    expect(await stored()).toBeNull();
  });

  it("a conversion answered with an App whose webhook URL is not ours", async () => {
    const { admin } = githubOrg();
    const { browser, form } = await operatorForm();
    const evil = JSON.parse(form.manifest);
    evil.hook_attributes.url = "https://attacker.example/hook";
    const redirect = await createAppOnGithub(world.sim, { ...form, manifest: JSON.stringify(evil) }, admin.login);
    expect(errorOf(await browser.get(redirect))).toBe("webhook_mismatch");
    expect(await stored()).toBeNull();
    expect(await loadGithubConfig()).toBeNull();
  });

  it("an organization admin without the setup code", async () => {
    const admin = await createActor("admin");
    const cookie = await sessionCookie(admin);
    const browser = setupBrowser(world.server, cookie);
    const start = await browser.post("/api/setup/github/manifest", { owner: { type: "user" }, access: "read" });
    expect(start.status).toBe(401);
    expect((await browser.post("/api/setup/github/forget", { confirm: true })).status).toBe(401);
    expect((await browser.post("/api/setup/github/checks", {})).status).toBe(401);
    // Even with a valid state and code from the operator's own flow, the callback needs the code.
    const { admin: ghAdmin } = githubOrg();
    const { form } = await operatorForm();
    const redirect = await createAppOnGithub(world.sim, form, ghAdmin.login);
    expect(errorOf(await browser.get(redirect))).toBe("not_operator");
    expect(world.sim.manifests.pending.has(new URL(redirect).searchParams.get("code")!)).toBe(true);
    expect(await stored()).toBeNull();
    expect(await getDb().githubSetupState.count({ where: { usedAt: { not: null }, nonce: "x" } })).toBe(0);
  });

  it("wrong setup codes, throttled like sign-ins", async () => {
    const browser = setupBrowser(world.server);
    const address = `192.0.2.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 5; i++) expect((await browser.enterCode("WRONG-CODE-1234", address)).status).toBe(401);
    const throttled = await browser.enterCode(SETUP_CODE, address);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBeTruthy();
    expect(browser.cookie).toBe("");
    const blocked = await browser.post("/api/setup/github/manifest", { owner: { type: "user" }, access: "read" });
    expect(blocked.status).toBe(401);
  });

  it("a cross-site POST", async () => {
    const { browser } = await operatorForm();
    const evil = { origin: "https://evil.example" };
    for (const [path, body] of [
      ["/api/setup/github/session", { code: SETUP_CODE }],
      ["/api/setup/github/manifest", { owner: { type: "user" }, access: "read" }],
      ["/api/setup/github/forget", { confirm: true }],
      ["/api/setup/github/checks", {}],
    ] as const) {
      const response = await browser.post(path, body, evil);
      expect(response.status, path).toBe(403);
    }
    expect(await stored()).toBeNull();
  });

  it("bad input to Create GitHub App", async () => {
    const { browser } = await operatorForm();
    const bad = await browser.post("/api/setup/github/manifest", {
      owner: { type: "organization", login: "a b" },
      access: "admin",
    });
    expect(bad.status).toBe(422);
    expect(await getDb().githubAppCredential.count()).toBe(0);
  });
});
