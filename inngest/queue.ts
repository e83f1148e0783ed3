import type { SyncQueue } from "@/lib/sync/request";
import { inngest } from "./client";
import { syncRequested } from "./events";

/** lib/'s SyncQueue port on Inngest: a request becomes a `github/templates.sync.requested` event. */
export const inngestSyncQueue: SyncQueue = {
  async queueSync(request) {
    const event = syncRequested.create(request);
    await event.validate();
    await inngest.send(event);
  },
};
