import { z } from "../../zod";

/**
 * The contract for processing a webhook delivery in the background: what the webhook route records
 * in the outbox (kind "delivery") with the delivery, and what the delivery job accepts. The body
 * stays in `webhook_deliveries.payload`; the event carries only ids (Inngest caps event sizes).
 */
export const DELIVERY_RECEIVED_EVENT = "github/webhook.delivery.received";

export const deliveryRequestSchema = z.object({
  /** X-GitHub-Delivery. */
  deliveryId: z.string().min(1).max(100),
  event: z.string().min(1),
  action: z.string().nullable(),
  /** The installation the delivery concerns, as text (the job's concurrency key). */
  installationId: z.string().regex(/^\d+$/),
});
export type DeliveryRequest = z.infer<typeof deliveryRequestSchema>;
