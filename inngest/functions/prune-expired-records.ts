import { getDb } from "@/lib/db/client";
import { pruneExpired } from "@/lib/maintenance/prune";
import { inngest } from "../client";

/** Once a day: delete sessions, throttles, nonces, outbox rows and deliveries nobody can use any more. */
export const pruneExpiredRecords = inngest.createFunction(
  { id: "prune-expired-records", name: "PruneExpiredRecords", triggers: [{ cron: "17 3 * * *" }] },
  async ({ step }) => step.run("prune", () => pruneExpired(getDb(), new Date())),
);
