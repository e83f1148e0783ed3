import { SYNC_NOW_EVENT, SYNC_REQUESTED_EVENT, type SyncRequest } from "@/lib/sync/request";
import type { Run, RunEvent } from "../../tools/inngest-local/run-state";
import { isDeliveryJobEvent } from "../helpers/connect";
import { inngestSink } from "../helpers/inngest-sink";
import { connectedTenant, startSyncWorld, type SyncWorld } from "../helpers/sync-world";

/** The tenant an event concerns: sync requests carry it, failure and cancel events carry the original event. */
const tenantOf = (event: RunEvent) =>
  (event.data.tenantId ?? (event.data.event as { data?: { tenantId?: string } } | undefined)?.data?.tenantId) as
    string | undefined;

/**
 * A sync world whose /api/inngest is registered with this file's local executor,
 * with execution on for this file's tenants only: other test files share the
 * database, and their outbox rows may be relayed here.
 */
export async function startExecutorWorld() {
  const world = await startSyncWorld();
  const executor = inngestSink();
  const tenants = new Set<string>();
  const cron = (event: RunEvent) => event.name === "inngest/scheduled.timer";
  executor.setExecuting((event) => cron(event) || isDeliveryJobEvent(event) || tenants.has(tenantOf(event) ?? ""));
  return {
    world,
    executor,
    async tenant(files: Record<string, string>, options?: { folder?: string }) {
      const t = await connectedTenant(world, files, options);
      tenants.add(t.actor.tenantId.toString());
      return t;
    },
    runsOf: (fnId: string, tenantId: bigint) =>
      executor.runs.filter((run) => run.fnId === fnId && tenantOf(run.event) === tenantId.toString()),
    send(request: SyncRequest, id?: string) {
      const name = request.reason === "manual" ? SYNC_NOW_EVENT : SYNC_REQUESTED_EVENT;
      return executor.receive([{ name, data: request, ...(id ? { id } : {}) }]);
    },
    async stop() {
      executor.setExecuting(false);
      await world.stop();
    },
  };
}

export type ExecutorWorld = Awaited<ReturnType<typeof startExecutorWorld>>;
export type { SyncWorld, Run };

export const SYNC = "allegro-sync-github-templates";
export const SYNC_NOW = "allegro-sync-now-github-templates";
export const doc = (name: string) => JSON.stringify({ name }, null, 2);

/** Requests a run made to the app, per step name, in order. */
export const callsOf = (run: Run, step: string) => run.steps.filter((s) => s.name === step);

/** The simulator's route for reading a branch: the sync's resolve-head step, where tests inject faults. */
export const BRANCH = "GET /repos/{owner}/{repo}/branches/{branch+}";
