import { inject } from "vitest";
import { startLocalInngest } from "../../tools/inngest-local";
import { workerDatabase } from "./worker-database";

process.env.DATABASE_URL = inject("databasePerWorker")
  ? await workerDatabase(inject("serverUrl"), inject("databaseUrl"), process.env.VITEST_POOL_ID ?? "0")
  : inject("databaseUrl");
process.env.SESSION_SECRET = "test-session-secret-that-is-long-enough-0123456789";
process.env.APP_URL = "http://localhost:3000";

// The Inngest client reads its mode when constructed, so the local executor must be
// up before any test module imports it. It only records events until a test turns
// execution on (tests/inngest-local); backoff is scaled 100× down (10 s → 100 ms).
const log = process.env.INNGEST_LOCAL_LOG
  ? (line: string) => console.log(`[inngest-local] ${new Date().toISOString()} ${line}`)
  : undefined;
const sink = await startLocalInngest({ execute: false, retryScale: 0.01, log });
process.env.INNGEST_DEV = "1";
process.env.INNGEST_BASE_URL = sink.url;
(globalThis as { __inngestSink?: typeof sink }).__inngestSink = sink;
