import * as proposalsRoute from "@/app/api/templates/[id]/proposals/route";
import * as newProposalRoute from "@/app/api/templates/proposals/route";
import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { WRITE_PERMISSIONS, type GithubSimulator } from "../../tools/github-simulator";
import { api } from "../helpers/connect";
import { connectedTenant, runSync, startSyncWorld, type SyncWorld } from "../helpers/sync-world";

/** A sync world whose app may write (contents and pull requests), with the proposal routes. */
export function startProposalWorld() {
  return startSyncWorld({
    app: { permissions: { ...WRITE_PERMISSIONS } },
    routes: { "/api/templates/:id/proposals": proposalsRoute, "/api/templates/proposals": newProposalRoute },
  });
}

export const doc = (name: string, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ name, ...extra }, null, 2)}\n`;

/** An organization synced from `templates/` (welcome.json, bye.json), with its templates by file name. */
export async function syncedTenant(world: SyncWorld) {
  const t = await connectedTenant(
    world,
    { "templates/welcome.json": doc("Welcome"), "templates/bye.json": doc("Bye"), "README.md": "# t\n" },
    { folder: "templates" },
  );
  await runSync(world, t.request("connect"));
  const rows = await getDb().template.findMany({ where: { tenantId: t.actor.tenantId } });
  const id = (file: string) => rows.find((r) => r.syncSource === `templates/${file}`)!.id.toString();
  const connection = await getDb().githubAppInstallation.findFirstOrThrow({ where: { tenantId: t.actor.tenantId } });
  return { ...t, welcome: id("welcome.json"), bye: id("bye.json"), syncedCommit: connection.lastSyncHash! };
}

export function propose(world: SyncWorld, actor: Actor, templateId: string, body: unknown) {
  return api(world.routes, "POST", `/api/templates/${templateId}/proposals`, actor, body);
}

/** GitHub requests about repositories (token and installation lookups under /app are not counted). */
export function repositoryRequests(sim: GithubSimulator) {
  const byRoute = sim.counters().byRoute;
  return Object.entries(byRoute)
    .filter(([route]) => !/^\w+ \/app[/\s]|^\w+ \/app$/.test(route))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** What GitHub holds that a proposal could have created: branches, pull requests, objects. */
export async function githubWrites(sim: GithubSimulator, fullName: string) {
  const repo = sim.repository(fullName);
  const writes = Object.entries(sim.counters().byRoute)
    .filter(([route]) => /^(POST|PUT|PATCH|DELETE) \/repos\//.test(route))
    .reduce((sum, [, n]) => sum + n, 0);
  const objects = (await repo.git.git(["count-objects", "-v"])).match(/^count: (\d+)/m)?.[1];
  return { branches: await repo.git.branches(), pulls: sim.pulls.list(repo).length, writes, looseObjects: objects };
}

/** The text of a file at a ref in the simulator's repository (null when absent). */
export async function fileAt(sim: GithubSimulator, fullName: string, ref: string, path: string) {
  const git = sim.repository(fullName).git;
  const commit = await git.resolveCommit(ref);
  const sha = commit && (await git.blobAt(commit, path));
  return sha ? (await git.readObject(sha))!.content.toString() : null;
}
