import type { EventSender } from "@/lib/sync/outbox";
import { inngest } from "./client";
import { checkRequested, deliveryReceived, syncNowRequested, syncRequested } from "./events";

/** The outbox relay's sender: Sync Now, the other sync requests, pull request checks and webhook deliveries as their own events; Inngest drops a repeated id. */
export const sendSyncEvents: EventSender = async (events) => {
  const created = events.map((event) =>
    event.kind === "check"
      ? checkRequested.create(event.data, { id: event.id })
      : event.kind === "delivery"
        ? deliveryReceived.create(event.data, { id: event.id })
        : (event.data.reason === "manual" ? syncNowRequested : syncRequested).create(event.data, { id: event.id }),
  );
  await Promise.all(created.map((event) => event.validate()));
  await inngest.send(created);
};
