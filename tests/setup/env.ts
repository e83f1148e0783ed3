import { inject } from "vitest";
import { startInngestSink } from "../../tools/inngest-local/event-api";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.SESSION_SECRET = "test-session-secret-that-is-long-enough-0123456789";
process.env.APP_URL = "http://localhost:3000";

// The Inngest client reads its mode when constructed, so the event API stand-in
// must be up before any test module imports it.
const sink = await startInngestSink();
process.env.INNGEST_DEV = "1";
process.env.INNGEST_BASE_URL = sink.url;
(globalThis as { __inngestSink?: typeof sink }).__inngestSink = sink;
