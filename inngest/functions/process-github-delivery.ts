import { NonRetriableError } from "inngest";
import { getDb } from "@/lib/db/client";
import { shownMessageOf } from "@/lib/shown-errors";
import { githubTruth } from "@/lib/github-sync/webhooks/handlers/ask-github";
import { deliveryRequestSchema } from "@/lib/github-sync/webhooks/delivery-request";
import { failDelivery, processDelivery } from "@/lib/github-sync/webhooks/process-delivery";
import { inngest } from "../client";
import { deliveryReceived } from "../events";

/** What `inngest/function.failed` carries: the event that started the run. */
type FailedEventData = { event?: { data?: { deliveryId?: unknown } } };

/**
 * ProcessGitHubDelivery: an installation, installation_repositories or repository delivery the
 * webhook route recorded. The handler asks GitHub and applies only what GitHub confirms; while
 * GitHub cannot be reached the step fails and Inngest retries it with backoff (10 retries span
 * hours), then the delivery is marked failed where the settings page shows it.
 */
export const processGithubDelivery = inngest.createFunction(
  {
    id: "process-github-delivery",
    name: "ProcessGitHubDelivery",
    triggers: [deliveryReceived],
    // One delivery of an installation at a time: a suspend and an unsuspend never interleave.
    concurrency: { key: '"installation-" + event.data.installationId', limit: 1 },
    retries: 10,
    onFailure: async ({ event, error }) => {
      const deliveryId = (event.data as FailedEventData).event?.data?.deliveryId;
      if (typeof deliveryId === "string")
        await failDelivery(
          { db: getDb() },
          deliveryId,
          shownMessageOf(error, "delivery_failed", "webhook", { deliveryId }),
        );
    },
  },
  async ({ event, step }) => {
    const parsed = deliveryRequestSchema.safeParse(event.data);
    if (!parsed.success) throw new NonRetriableError(`invalid event data: ${parsed.error.issues[0]?.message}`);
    return step.run("process-delivery", () =>
      processDelivery({ db: getDb(), github: githubTruth }, parsed.data.deliveryId),
    );
  },
);
