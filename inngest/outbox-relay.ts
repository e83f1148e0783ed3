import { after } from "next/server";
import { getDb } from "@/lib/db/client";
import { loggerFor } from "@/lib/observability/logger";
import { withSpan } from "@/lib/observability/tracing";
import { drainOutbox } from "@/lib/sync/outbox";
import { sendSyncEvents } from "./queue";

/** Sends what the outbox holds to Inngest; a failure leaves the rows for the next attempt. */
export async function relayNow(): Promise<void> {
  try {
    await withSpan("outbox.relay", {}, () => drainOutbox({ db: getDb(), send: sendSyncEvents, now: () => new Date() }));
  } catch (error) {
    loggerFor("outbox").error({ err: error }, "relay failed; the requests stay queued");
  }
}

/**
 * Runs `work` at most once at a time, when the calls have paused for `quietMs`
 * (at most `maxWaitMs` after the first): a burst's rows go out in one batch
 * after the burst rather than competing with it. Calls made while a pass runs
 * ask for one more pass; a call returns the loop's promise only when it started it.
 */
export function coalesce(
  work: () => Promise<void>,
  { quietMs, maxWaitMs }: { quietMs: number; maxWaitMs: number },
): () => Promise<void> | null {
  let running: Promise<void> | null = null;
  let again = false;
  let lastCall = 0;
  const quiet = async () => {
    const first = Date.now();
    for (let wait = quietMs; wait > 0; wait = Math.min(lastCall + quietMs, first + maxWaitMs) - Date.now()) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  return () => {
    lastCall = Date.now();
    if (running) {
      again = true;
      return null;
    }
    running = (async () => {
      try {
        do {
          await quiet();
          again = false;
          await work();
        } while (again);
      } finally {
        // Synchronously after the last look at `again`: a later call starts a new loop.
        running = null;
      }
    })();
    return running;
  };
}

/**
 * One relay loop per process: a burst of 100 pushes is relayed in a batch or two
 * once it pauses (GitHub's pushes, then Inngest's 5 s debounce, make 1 s of delay
 * harmless), instead of 100 relays competing with the burst for CPU and connections.
 */
const relaySoon = coalesce(relayNow, { quietMs: 100, maxWaitMs: 1000 });

/**
 * Relays after the response is sent (Next's after() keeps the process alive
 * for it), so no request waits for Inngest. Outside a Next request (a script,
 * a test's route server) there is no response to wait for: it simply runs.
 */
export function relayAfterResponse(): void {
  const started = relaySoon();
  if (!started) return;
  try {
    after(started);
  } catch {
    // Not in a request: the relay is already under way.
  }
}
