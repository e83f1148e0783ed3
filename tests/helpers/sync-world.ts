import * as inngestRoute from "@/app/api/inngest/route";
import * as syncRoute from "@/app/api/github-sync/sync/route";
import * as runsRoute from "@/app/api/github-sync/runs/route";
import * as decisionRoute from "@/app/api/github-sync/runs/[id]/decision/route";
import { getDb } from "@/lib/db/client";
import { syncDepsFor, type SyncDeps } from "@/lib/sync/deps";
import { SYNC_NOW_EVENT, SYNC_REQUESTED_EVENT, type SyncRequest } from "@/lib/sync/request";
import { createActor } from "./factories";
import { startConnectedWorld } from "./connect";
import { appFor, linkRepository, orgWithRepo } from "./github";
import type { SimulatorOptions } from "../../tools/github-simulator";
import { driveFunction } from "../../tools/inngest-local/serve-driver";
import type { RouteModule } from "../../tools/route-server";

/**
 * A connected world plus the app's /api/inngest and Sync Now routes, on the same server (APP_URL):
 * the app registers its functions with Inngest under APP_URL.
 */
export async function startSyncWorld(
  options: { app?: SimulatorOptions["app"]; routes?: Record<string, RouteModule> } = {},
) {
  const world = await startConnectedWorld({
    app: options.app,
    routes: {
      ...options.routes,
      "/api/inngest": inngestRoute as never,
      "/api/github-sync/sync": syncRoute,
      "/api/github-sync/runs": runsRoute,
      "/api/github-sync/runs/:id/decision": decisionRoute,
    },
  });
  const routes = world.server;
  // The sync's dependencies for tests that call its steps directly: this database and the simulator.
  const githubApp = appFor(world.sim);
  const deps: SyncDeps = syncDepsFor(getDb(), () => githubApp);
  return {
    ...world,
    deps,
    routes,
    stop: world.stop,
  };
}

export type SyncWorld = Awaited<ReturnType<typeof startSyncWorld>>;

/** A tenant whose installation is linked to a fresh repository with `files`, as the connect flow leaves it. */
export async function connectedTenant(world: SyncWorld, files: Record<string, string | Buffer>, { folder = "" } = {}) {
  const gh = await orgWithRepo(world.sim, files);
  const actor = await createActor();
  const repo = await linkRepository(world.sim, gh, actor.tenantId, { folder });
  const request = (reason: SyncRequest["reason"], extra: Partial<SyncRequest> = {}): SyncRequest => ({
    tenantId: actor.tenantId.toString(),
    installationId: String(gh.installation!.id),
    reason,
    ...extra,
  });
  return { ...gh, actor, repo, request };
}

/** Runs one sync through the real /api/inngest route, as the Inngest executor would (Sync Now has its own function). */
export function runSync(world: SyncWorld, request: SyncRequest, options: Parameters<typeof driveFunction>[3] = {}) {
  const manual = request.reason === "manual";
  return driveFunction(
    `${world.routes.url}/api/inngest`,
    manual ? "allegro-sync-now-github-templates" : "allegro-sync-github-templates",
    { name: manual ? SYNC_NOW_EVENT : SYNC_REQUESTED_EVENT, data: request },
    options,
  );
}

export function templatesOf(tenantId: bigint) {
  return getDb().template.findMany({ where: { tenantId }, orderBy: { syncSource: "asc" } });
}

export function latestRun(tenantId: bigint) {
  return getDb().syncRun.findFirstOrThrow({ where: { tenantId }, orderBy: { id: "desc" } });
}
