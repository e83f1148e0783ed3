import { Inngest } from "inngest";
import { getLogger } from "@/lib/observability/logger";
import { ObservabilityMiddleware } from "./observability";

/**
 * The Inngest client. It reads Inngest's standard variables itself
 * (INNGEST_DEV, INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY, INNGEST_BASE_URL).
 * Its own log lines go through the app's logger; ObservabilityMiddleware adds ids, spans and metrics.
 */
export const inngest = new Inngest({ id: "allegro", logger: getLogger(), middleware: [ObservabilityMiddleware] });
