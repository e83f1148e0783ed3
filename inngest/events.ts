import { eventType } from "inngest";
import { SYNC_REQUESTED_EVENT, syncRequestSchema } from "@/lib/sync/request";

/** The sync request (lib/sync/request.ts) as an Inngest event. */
export const syncRequested = eventType(SYNC_REQUESTED_EVENT, { schema: syncRequestSchema });
