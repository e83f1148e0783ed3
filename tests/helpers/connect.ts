import * as inngestRoute from "@/app/api/inngest/route";
import * as callbackRoute from "@/app/github/callback/route";
import * as webhookRoute from "@/app/github/webhooks/route";
import * as settingsRoute from "@/app/api/github-sync/route";
import * as connectRoute from "@/app/api/github-sync/connect/route";
import * as repositoriesRoute from "@/app/api/github-sync/repositories/route";
import * as repositoryRoute from "@/app/api/github-sync/repository/route";
import type { Actor } from "@/lib/auth/actor";
import { DELIVERY_RECEIVED_EVENT } from "@/lib/github-sync/webhooks/delivery-request";
import type { RunEvent } from "../../tools/inngest-local/run-state";
import { startGithubSimulator, type GithubSimulator, type SimulatorOptions } from "../../tools/github-simulator";
import { startRouteServer, type RouteModule } from "../../tools/route-server";
import { inngestSink } from "./inngest-sink";
import { browserHeaders, sessionCookie } from "./session";

/**
 * The delivery job's events and its failure handler's: the route hands installation and
 * repository deliveries to ProcessGitHubDelivery, which the local executor runs through /api/inngest.
 */
export const isDeliveryJobEvent = (event: RunEvent) =>
  event.name === DELIVERY_RECEIVED_EVENT ||
  (event.name === "inngest/function.failed" && event.data.function_id === "allegro-process-github-delivery");

/**
 * The app's GitHub routes served over HTTP, wired to a fresh simulator: the
 * simulator's Setup URL and webhook URL point at the routes, and the app's env
 * points at the simulator. Call before anything reads the app's env. The app's
 * /api/inngest is registered with this file's local executor, which runs the
 * delivery job (and only that, unless a test turns more on).
 */
export async function startConnectedWorld(
  options: SimulatorOptions & { oauth?: boolean; routes?: Record<string, RouteModule> } = {},
) {
  const { routes: extraRoutes, ...simulatorOptions } = options;
  const server = await startRouteServer({
    "/api/inngest": inngestRoute as never,
    ...extraRoutes,
    "/github/callback": callbackRoute,
    "/github/webhooks": webhookRoute,
    "/api/github-sync": settingsRoute,
    "/api/github-sync/connect": connectRoute,
    "/api/github-sync/repositories": repositoriesRoute,
    "/api/github-sync/repository": repositoryRoute,
  });
  const sim = await startGithubSimulator({
    ...simulatorOptions,
    setupUrl: `${server.url}/github/callback`,
    webhookUrl: `${server.url}/github/webhooks`,
    oauthOnInstall: options.oauth ?? true,
  });
  const env = sim.appEnv();
  if (options.oauth === false) {
    delete env.GITHUB_APP_CLIENT_ID;
    delete env.GITHUB_APP_CLIENT_SECRET;
  }
  Object.assign(process.env, env);
  process.env.APP_URL = server.url;
  inngestSink().setExecuting(isDeliveryJobEvent);
  await inngestSink().syncApp(`${server.url}/api/inngest`);
  return {
    sim,
    server,
    async stop() {
      await sim.stop();
      await server.close();
    },
  };
}

/** What the browser does on GitHub's install page: pick user, account and repositories, submit. */
export async function submitInstallPage(
  sim: GithubSimulator,
  form: { user: string; account: string; state?: string; repositories?: "all" | string[] },
) {
  const body = new URLSearchParams({
    user: form.user,
    account: form.account,
    selection: form.repositories && form.repositories !== "all" ? "selected" : "all",
  });
  if (form.state) body.set("state", form.state);
  for (const name of form.repositories && form.repositories !== "all" ? form.repositories : [])
    body.append("repositories", name);
  const response = await fetch(`${sim.url}/apps/${sim.app.slug}/installations/new`, {
    method: "POST",
    body,
    redirect: "manual",
  });
  if (response.status !== 302) throw new Error(`install page answered ${response.status}`);
  return response.headers.get("location")!;
}

/** Follows a Setup URL redirect as the signed-in actor; returns the app's redirect target (path and query). */
export async function visitCallback(url: string, actor: Actor | null) {
  const response = await fetch(url, {
    headers: actor ? { cookie: await sessionCookie(actor) } : {},
    redirect: "manual",
  });
  const location = new URL(response.headers.get("location")!);
  return { status: response.status, location: location.pathname + location.search };
}

export async function api(server: { url: string }, method: string, path: string, actor: Actor, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(await browserHeaders(actor)), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
