import { Inngest } from "inngest";

/**
 * The Inngest client. It reads Inngest's standard variables itself
 * (INNGEST_DEV, INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY, INNGEST_BASE_URL).
 */
export const inngest = new Inngest({ id: "allegro" });
