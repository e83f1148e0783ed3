import { z } from "../zod";
import type { DeliveryType } from "./event-types";

export { EVENT_LABELS, EVENT_TYPES, type DeliveryType, type EventType } from "./event-types";

export const fileErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

/** The webhook body's `data`, recorded with the change that caused it. */
export const notificationDataSchema = z.object({
  organization: z.object({ id: z.string(), name: z.string() }),
  repository: z.string().nullable(),
  branch: z.string().nullable(),
  commit: z.string().nullable(),
  run: z.object({ id: z.string(), status: z.string() }).nullable(),
  errors: z.array(fileErrorSchema),
  /** What happened, in a sentence (the run's error, the held plan, the connection's reason). */
  message: z.string().nullable(),
  settings_url: z.string(),
});
export type NotificationData = z.infer<typeof notificationDataSchema>;

/** The JSON body of a webhook delivery (README, "Notifications"). */
export type WebhookBody = { type: DeliveryType; timestamp: string; data: NotificationData };

/** The errors kept in a notification: enough to act on, small enough for any receiver. */
export const MAX_ERRORS = 20;
