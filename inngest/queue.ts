import type { EventSender } from "@/lib/sync/outbox";
import { inngest } from "./client";
import { syncNowRequested, syncRequested } from "./events";

/** The outbox relay's sender: Sync Now and the other requests as their own events; Inngest drops a repeated id. */
export const sendSyncEvents: EventSender = async (events) => {
  const created = events.map(({ id, data }) =>
    (data.reason === "manual" ? syncNowRequested : syncRequested).create(data, { id }),
  );
  await Promise.all(created.map((event) => event.validate()));
  await inngest.send(created);
};
