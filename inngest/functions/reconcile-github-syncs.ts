import { getDb } from "@/lib/db/client";
import { defaultSyncDeps } from "@/lib/sync/deps";
import { relayOutbox } from "@/lib/sync/outbox";
import { findStaleConnections } from "@/lib/sync/reconcile";
import { runWatchdog } from "@/lib/sync/watchdog";
import { inngest } from "../client";
import { syncRequested } from "../events";
import { sendSyncEvents } from "../queue";

/**
 * Every 10 minutes: hand over whatever still waits in the outbox, close runs that
 * were never started or stopped making progress (lib/sync/watchdog.ts), and request a sync for each connection whose
 * branch head moved without a processed push (GitHub never redelivers).
 */
export const reconcileGithubSyncs = inngest.createFunction(
  { id: "reconcile-github-syncs", name: "ReconcileGitHubSyncs", triggers: [{ cron: "*/10 * * * *" }] },
  async ({ step }) => {
    const relayed = await step.run("relay-outbox", () =>
      relayOutbox({ db: getDb(), send: sendSyncEvents, now: () => new Date() }, { limit: 1000 }),
    );
    const closed = await step.run("close-stuck-runs", () => runWatchdog(defaultSyncDeps()));
    const stale = await step.run("find-stale-connections", () => findStaleConnections(defaultSyncDeps()));
    if (stale.length) {
      await step.sendEvent(
        "request-syncs",
        stale.map((request) => syncRequested.create(request)),
      );
    }
    return { relayed, closed, requested: stale.length };
  },
);
