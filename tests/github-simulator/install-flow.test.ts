import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGithubSimulator, type GithubSimulator } from "../../tools/github-simulator";
import { orgWithRepo } from "../helpers/github";

let sim: GithubSimulator;
const SETUP_URL = "http://127.0.0.1:9/github/callback";

beforeAll(async () => {
  sim = await startGithubSimulator({ setupUrl: SETUP_URL, oauthOnInstall: true });
});
afterAll(() => sim.stop());

async function submitInstall(form: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
  const response = await fetch(`${sim.url}/apps/${sim.app.slug}/installations/new`, {
    method: "POST",
    body,
    redirect: "manual",
  });
  return {
    status: response.status,
    location: response.headers.get("location") ? new URL(response.headers.get("location")!) : null,
  };
}

describe("the install page's first choice", () => {
  it("selects the organization that owns a repository and a user who can install on it, or the suggested target", async () => {
    const own = await startGithubSimulator({ setupUrl: SETUP_URL });
    try {
      own.createAccount({ login: "octocat" });
      own.createAccount({ login: "hubot" });
      const empty = own.createAccount({
        login: "aaa-empty",
        type: "Organization",
        members: [{ login: "hubot", role: "admin" }],
      });
      own.createAccount({ login: "acme-corp", type: "Organization", members: [{ login: "octocat", role: "admin" }] });
      await own.createRepository({ owner: "acme-corp", name: "templates", files: { "a.json": "{}" } });
      const selected = async (query = "") => {
        const html = await (await fetch(`${own.url}/apps/${own.app.slug}/installations/new${query}`)).text();
        const pick = (id: string) =>
          html.match(new RegExp(`<select id="${id}"[^>]*>.*?<option value="([^"]+)" selected>`, "s"))?.[1];
        return { user: pick("user"), account: pick("account") };
      };
      expect(await selected("?state=x")).toEqual({ user: "octocat", account: "acme-corp" });
      expect(await selected(`?suggested_target_id=${empty.id}`)).toEqual({ user: "hubot", account: "aaa-empty" });
    } finally {
      await own.stop();
    }
  });
});

describe("browser install flow", () => {
  it("shows an install page that keeps the state", async () => {
    const page = await (await fetch(`${sim.url}/apps/${sim.app.slug}/installations/new?state=abc%2Bdef`)).text();
    expect(page).toContain('name="state" value="abc+def"');
    expect(page).toContain("Install");
  });

  it("installs for an owner and redirects to the Setup URL with installation_id, setup_action=install, the state unchanged and a code", async () => {
    const { admin, org } = await orgWithRepo(sim, undefined, { install: false });
    const { status, location } = await submitInstall({
      user: admin.login,
      account: org.login,
      selection: "all",
      state: "sealed.state/+=",
    });
    expect(status).toBe(302);
    expect(location!.origin + location!.pathname).toBe(SETUP_URL);
    const installation = sim.installationOf(org.login)!;
    expect(Object.fromEntries(location!.searchParams)).toEqual({
      installation_id: String(installation.id),
      setup_action: "install",
      state: "sealed.state/+=",
      code: expect.stringMatching(/^[0-9a-f]{20}$/),
    });

    const again = await submitInstall({
      user: admin.login,
      account: org.login,
      selection: "selected",
      repositories: [],
      state: "s2",
    });
    expect(Object.fromEntries(again.location!.searchParams)).toMatchObject({
      installation_id: String(installation.id),
      setup_action: "update",
      state: "s2",
    });
    expect(installation.repositoryIds.size).toBe(0);
  });

  it("turns a non-owner's install into a request without installation_id; approval redirects without state", async () => {
    const { org } = await orgWithRepo(sim, undefined, { install: false });
    const member = sim.createAccount({});
    sim.orgMembers.get(org.login.toLowerCase())!.set(member.login.toLowerCase(), "member");
    const { location } = await submitInstall({ user: member.login, account: org.login, selection: "all", state: "st" });
    expect(location!.searchParams.get("setup_action")).toBe("request");
    expect(location!.searchParams.has("installation_id")).toBe(false);
    expect(sim.installationOf(org.login)).toBeUndefined();

    const request = [...sim.installRequests.values()].find((r) => r.account.id === org.id)!;
    const admin = [...sim.orgMembers.get(org.login.toLowerCase())!.entries()].find(([, role]) => role === "admin")![0];
    const { installation, redirectUrl } = await sim.approveInstallRequest(request.id, admin);
    const approved = new URL(redirectUrl);
    expect(approved.searchParams.get("installation_id")).toBe(String(installation.id));
    expect(approved.searchParams.get("setup_action")).toBe("install");
    expect(approved.searchParams.has("state")).toBe(false);
  });

  it("refuses users who cannot see the account", async () => {
    const { org } = await orgWithRepo(sim, undefined, { install: false });
    const stranger = sim.createAccount({});
    expect((await submitInstall({ user: stranger.login, account: org.login, selection: "all" })).status).toBe(403);
  });
});

describe("OAuth for verified installs", () => {
  it("exchanges a code for a user token once, and lists the installations that user can access", async () => {
    const { admin, installation } = await orgWithRepo(sim);
    const code = sim.issueOauthCode(admin.login);
    const exchange = (c: string, secret = sim.app.clientSecret) =>
      fetch(`${sim.url}/login/oauth/access_token`, {
        method: "POST",
        headers: { accept: "application/json", "content-type": "application/json" },
        body: JSON.stringify({ client_id: sim.app.clientId, client_secret: secret, code: c }),
      }).then((r) => r.json());
    expect(await exchange(code, "wrong")).toMatchObject({ error: "incorrect_client_credentials" });
    const token = await exchange(code);
    expect(token).toMatchObject({ token_type: "bearer", access_token: expect.stringMatching(/^ghu_/) });
    expect(await exchange(code)).toMatchObject({ error: "bad_verification_code" });

    const list = await fetch(`${sim.apiUrl}/user/installations`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    }).then((r) => r.json());
    expect(list.installations.map((i: { id: number }) => i.id)).toContain(installation!.id);
    const outsider = sim.createAccount({});
    const theirs = await exchange(sim.issueOauthCode(outsider.login));
    const none = await fetch(`${sim.apiUrl}/user/installations`, {
      headers: { authorization: `Bearer ${theirs.access_token}` },
    }).then((r) => r.json());
    expect(none).toEqual({ total_count: 0, installations: [] });
  });
});
