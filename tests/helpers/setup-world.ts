import { randomBytes } from "node:crypto";
import * as setupCallbackRoute from "@/app/setup/github/callback/route";
import * as sessionRoute from "@/app/api/setup/github/session/route";
import * as manifestRoute from "@/app/api/setup/github/manifest/route";
import * as forgetRoute from "@/app/api/setup/github/forget/route";
import * as checksRoute from "@/app/api/setup/github/checks/route";
import * as callbackRoute from "@/app/github/callback/route";
import * as webhookRoute from "@/app/github/webhooks/route";
import { getDb } from "@/lib/db/client";
import { startGithubSimulator } from "../../tools/github-simulator";
import { startRouteServer } from "../../tools/route-server";

export const SETUP_CODE = "test-setup-code-0123456789";

/**
 * An unconfigured instance: no GITHUB_* variables, GitHub's API at a fresh simulator, an
 * encryption key and a setup code; the setup routes served over HTTP. Call before anything
 * reads the app's env.
 */
export async function startSetupWorld() {
  const server = await startRouteServer({
    "/setup/github/callback": setupCallbackRoute,
    "/api/setup/github/session": sessionRoute,
    "/api/setup/github/manifest": manifestRoute,
    "/api/setup/github/forget": forgetRoute,
    "/api/setup/github/checks": checksRoute,
    "/github/callback": callbackRoute,
    "/github/webhooks": webhookRoute,
  });
  const sim = await startGithubSimulator();
  for (const name of Object.keys(process.env)) if (name.startsWith("GITHUB_")) delete process.env[name];
  Object.assign(process.env, {
    APP_URL: server.url,
    GITHUB_API_URL: sim.apiUrl,
    ALLEGRO_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ALLEGRO_SETUP_CODE: SETUP_CODE,
  });
  return {
    sim,
    server,
    async stop() {
      await getDb().githubAppCredential.deleteMany({});
      await sim.stop();
      await server.close();
    },
  };
}

/** A browser on the app's pages: Origin of APP_URL, and the cookies it was given. */
export function setupBrowser(server: { url: string }, cookie = "") {
  const headers = (extra: Record<string, string> = {}) => ({
    origin: server.url,
    "content-type": "application/json",
    ...(cookie ? { cookie } : {}),
    ...extra,
  });
  return {
    async enterCode(code: string, address = `10.0.0.${Math.floor(Math.random() * 250)}`) {
      const response = await fetch(`${server.url}/api/setup/github/session`, {
        method: "POST",
        headers: headers({ "x-forwarded-for": address }),
        body: JSON.stringify({ code }),
      });
      const set = response.headers.get("set-cookie");
      if (set) cookie = [cookie, set.split(";")[0]].filter(Boolean).join("; ");
      return response;
    },
    post(path: string, body: unknown, extra: Record<string, string> = {}) {
      return fetch(`${server.url}${path}`, { method: "POST", headers: headers(extra), body: JSON.stringify(body) });
    },
    get(url: string) {
      return fetch(url, { headers: cookie ? { cookie } : {}, redirect: "manual" });
    },
    get cookie() {
      return cookie;
    },
  };
}

/** What the browser does on the simulated GitHub: post the manifest form, then "Create GitHub App". */
export async function createAppOnGithub(
  sim: { url: string },
  form: { action: string; manifest: string },
  user: string,
  name?: string,
) {
  const action = new URL(form.action);
  const page = await fetch(action, { method: "POST", body: new URLSearchParams({ manifest: form.manifest }) });
  if (page.status !== 200) throw new Error(`manifest page answered ${page.status}`);
  const created = await fetch(`${sim.url}${action.pathname}/create`, {
    method: "POST",
    body: new URLSearchParams({
      manifest: form.manifest,
      state: action.searchParams.get("state") ?? "",
      user,
      // GitHub refuses a name in use: each App of a test run gets its own.
      name: name ?? `${(JSON.parse(form.manifest) as { name: string }).name} ${randomBytes(2).toString("hex")}`,
    }),
    redirect: "manual",
  });
  if (created.status !== 302) throw new Error(`create answered ${created.status}: ${await created.text()}`);
  return created.headers.get("location")!;
}
