import { after } from "next/server";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { defaultSyncDeps } from "@/lib/sync/deps";
import { loggerFor } from "@/lib/observability/logger";
import { withSpan } from "@/lib/observability/tracing";
import { drainOutbox } from "@/lib/sync/outbox";
import { startRelayClock, type RelayClock, type Timers } from "@/lib/sync/relay-clock";
import { runWatchdog } from "@/lib/sync/watchdog";
import { sendSyncEvents } from "./queue";
import { relayNotifications } from "@/lib/notifications/relay";
import { sendNotificationEvents } from "./notification-queue";

/** Sends what the outbox holds to Inngest; a failure leaves the rows for the next attempt. */
export async function relayNow(now: () => Date = () => new Date()): Promise<void> {
  try {
    await withSpan("outbox.relay", {}, () => drainOutbox({ db: getDb(), send: sendSyncEvents, now }));
    await relayNotifications({ db: getDb(), send: sendNotificationEvents, now });
  } catch (error) {
    loggerFor("outbox").error({ err: error }, "relay failed; the requests stay queued");
  }
}

/** One full pass, for the relay route a serverless host's cron calls: relay what is due, then run the watchdog. */
export async function relayPass() {
  const relayed = await drainOutbox({ db: getDb(), send: sendSyncEvents, now: () => new Date() });
  const closed = await runWatchdog(defaultSyncDeps());
  return { relayed, closed };
}

const WATCHDOG_EVERY_MS = 60_000;
const CLOCK = Symbol.for("allegro.outbox-relay-clock");
type WithClock = typeof globalThis & { [CLOCK]?: RelayClock };

/** What tests give the clock instead of the real one: timers they fire, and the time they say it is. */
export type RelayTimerOptions = { intervalMs?: number; timers?: Timers; now?: () => Date };

/**
 * Starts this process's relay clock once (instrumentation.ts): due rows go out every
 * ALLEGRO_RELAY_INTERVAL_MS with no other traffic, and once a minute the watchdog closes
 * runs that will never end on their own, even while Inngest (and its cron) is down.
 * Returns null when the interval is 0 or the clock is already running; stopping it
 * lets a later call start it again.
 */
export function startRelayTimer(options: RelayTimerOptions = {}): RelayClock | null {
  const holder = globalThis as WithClock;
  const intervalMs = options.intervalMs ?? getEnv().relay.intervalMs;
  const now = options.now ?? (() => new Date());
  if (intervalMs === 0 || holder[CLOCK]) return null;
  let lastWatchdog = Number.NEGATIVE_INFINITY;
  const clock = startRelayClock(
    async () => {
      await relayNow(now);
      if (now().getTime() - lastWatchdog >= WATCHDOG_EVERY_MS) {
        lastWatchdog = now().getTime();
        await runWatchdog({ db: getDb(), now });
      }
    },
    {
      intervalMs,
      timers: options.timers,
      onError: (error) => loggerFor("outbox").error({ err: error }, "relay clock tick failed"),
    },
  );
  const handle: RelayClock = {
    async stop() {
      await clock.stop();
      if (holder[CLOCK] === handle) delete holder[CLOCK];
    },
  };
  holder[CLOCK] = handle;
  return handle;
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
