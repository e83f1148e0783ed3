import type { NotificationSender } from "@/lib/notifications/relay";
import { inngest } from "./client";
import { notificationRequested } from "./events";

/** The notification relay's sender: one event per attempt; Inngest drops a repeated id. */
export const sendNotificationEvents: NotificationSender = async (events) => {
  const created = events.map((event) => notificationRequested.create(event.data, { id: event.id }));
  await Promise.all(created.map((event) => event.validate()));
  await inngest.send(created);
};
