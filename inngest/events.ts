import { eventType } from "inngest";
import { z } from "@/lib/zod";
import { CHECK_REQUESTED_EVENT, checkRequestSchema } from "@/lib/checks/request";
import { DELIVERY_RECEIVED_EVENT, deliveryRequestSchema } from "@/lib/github-sync/webhooks/delivery-request";
import { NOTIFICATION_EVENT } from "@/lib/notifications/relay";
import { SYNC_NOW_EVENT, SYNC_REQUESTED_EVENT, syncRequestSchema } from "@/lib/sync/request";

/** A sync request (lib/sync/request.ts) as an Inngest event: push, connect and reconcile (debounced). */
export const syncRequested = eventType(SYNC_REQUESTED_EVENT, { schema: syncRequestSchema });

/** Sync Now, an event of its own so that no debounce or rate limit of the other requests can touch it. */
export const syncNowRequested = eventType(SYNC_NOW_EVENT, { schema: syncRequestSchema });

/** A pull request's check (lib/checks/request.ts): opened, updated, reopened, ready for review, or re-run on GitHub. */
export const checkRequested = eventType(CHECK_REQUESTED_EVENT, { schema: checkRequestSchema });

/** A webhook delivery recorded by the route, for the delivery job (which asks GitHub and applies what it confirms). */
export const deliveryReceived = eventType(DELIVERY_RECEIVED_EVENT, { schema: deliveryRequestSchema });

/** One attempt of a notification's delivery (lib/notifications/relay.ts). */
export const notificationRequested = eventType(NOTIFICATION_EVENT, {
  schema: z.object({ deliveryId: z.string(), tenantId: z.string(), attempt: z.number().int().min(1) }),
});
