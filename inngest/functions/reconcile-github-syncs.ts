import { defaultSyncDeps } from "@/lib/sync/deps";
import { findStaleConnections } from "@/lib/sync/reconcile";
import { inngest } from "../client";
import { syncRequested } from "../events";

/** Every 10 minutes, request a sync for each connection whose branch head moved without a processed push. */
export const reconcileGithubSyncs = inngest.createFunction(
  { id: "reconcile-github-syncs", name: "ReconcileGitHubSyncs", triggers: [{ cron: "*/10 * * * *" }] },
  async ({ step }) => {
    const stale = await step.run("find-stale-connections", () => findStaleConnections(defaultSyncDeps()));
    if (stale.length) {
      await step.sendEvent(
        "request-syncs",
        stale.map((request) => syncRequested.create(request)),
      );
    }
    return { requested: stale.length };
  },
);
