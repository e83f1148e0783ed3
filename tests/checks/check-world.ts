import { getDb } from "@/lib/db/client";
import { CHECK_REQUESTED_EVENT } from "@/lib/checks/request";
import { driveFunction } from "../../tools/inngest-local/serve-driver";
import { eventually } from "../helpers/eventually";
import type { SyncWorld } from "../helpers/sync-world";

/** The check requests the webhooks recorded for an organization (outbox rows of kind "check"), oldest first. */
export function checkRequestsOf(tenantId: bigint) {
  return getDb().syncOutbox.findMany({ where: { tenantId, kind: "check" }, orderBy: { id: "asc" } });
}

/** Runs the check job through the real /api/inngest route for the organization's latest check request. */
export async function runLatestCheck(world: SyncWorld, tenantId: bigint, count?: number) {
  let rows: Awaited<ReturnType<typeof checkRequestsOf>> = [];
  await eventually(async () => {
    rows = await checkRequestsOf(tenantId);
    if (rows.length < (count ?? 1)) throw new Error(`expected ${count ?? 1} check requests, got ${rows.length}`);
  });
  const data = rows.at(-1)!.request as Record<string, unknown>;
  return driveFunction(`${world.routes.url}/api/inngest`, "allegro-check-github-templates", {
    name: CHECK_REQUESTED_EVENT,
    data,
  });
}

/** The check runs on a commit of the repository, newest first, as the simulator holds them. */
export function checkRunsOn(world: SyncWorld, fullName: string, sha: string) {
  return world.sim.checkRuns.onCommit(world.sim.repository(fullName), sha);
}
