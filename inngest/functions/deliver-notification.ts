import { NonRetriableError } from "inngest";
import { getDb } from "@/lib/db/client";
import { attemptDelivery } from "@/lib/notifications/deliver";
import { defaultSendDeps } from "@/lib/notifications/deps";
import { relayNotifications } from "@/lib/notifications/relay";
import { inngest } from "../client";
import { notificationRequested } from "../events";
import { sendNotificationEvents } from "../notification-queue";

/**
 * One attempt of one notification's delivery. A destination that fails is not an
 * error here: the attempt is logged and the delivery is due again after its
 * backoff (1 min, 5 min, 30 min, 2 h), when the relay sends the next attempt.
 * Each delivery is its own run, so a destination that is down blocks no other.
 */
export const deliverNotification = inngest.createFunction(
  { id: "deliver-notification", name: "DeliverNotification", triggers: [notificationRequested], retries: 3 },
  async ({ event, step }) => {
    const parsed = notificationRequested.schema?.safeParse(event.data);
    if (!parsed?.success) throw new NonRetriableError("invalid event data");
    const { deliveryId, tenantId, attempt } = parsed.data;
    return step.run("attempt", () => attemptDelivery(defaultSendDeps(), { deliveryId, tenantId }, attempt));
  },
);

/** Every minute: hands new deliveries recorded by jobs, and retries whose backoff passed, to DeliverNotification. */
export const relayNotificationsCron = inngest.createFunction(
  { id: "relay-notifications", name: "RelayNotifications", triggers: [{ cron: "* * * * *" }] },
  async ({ step }) =>
    step.run("relay", () =>
      relayNotifications({ db: getDb(), send: sendNotificationEvents, now: () => new Date() }, { limit: 500 }),
    ),
);
