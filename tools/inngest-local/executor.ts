import { randomUUID } from "node:crypto";
import { evaluateCancelExpression } from "./expression";
import { Debouncer, RateLimiter, SeenEventIds, Throttler } from "./flow-control";
import { keyOf, parseRegistration, triggeredBy, type RegisteredFunction } from "./registry";
import type { Run, RunEvent } from "./run-state";
import { isEnded, RunTracker } from "./run-tracker";

export type SentEvent = { name: string; data: Record<string, unknown>; id?: string; ts?: number; user?: unknown };
export type ExecutorOptions = {
  /** Multiplies retry backoff (not retry-after): 0.001 turns Inngest's seconds into milliseconds for tests. */
  retryScale?: number;
  /** Run functions for received events (default true); tests that drive runs themselves turn it off. */
  execute?: boolean;
  /** How many runs to keep in memory (default 1,000); the oldest ended runs are dropped first. */
  keepRuns?: number;
  /** How many received events to keep in memory (default 10,000). */
  keepEvents?: number;
  /** The backoff's jitter source (default Math.random). */
  random?: () => number;
  log?: (line: string) => void;
};

export class ReplayRefusedError extends Error {}

/**
 * The executor's state and semantics, without HTTP: registered functions, the
 * events received, runs and their flow control (see README.md for each rule
 * and the Inngest doc page it follows).
 */
export function createExecutor({
  retryScale = 1,
  execute = true,
  keepRuns = 1_000,
  keepEvents = 10_000,
  random,
  log = () => {},
}: ExecutorOptions = {}) {
  const functions = new Map<string, RegisteredFunction>();
  const events: SentEvent[] = [];
  const registrations: unknown[] = [];
  const tracker = new RunTracker({
    retryScale,
    random,
    keepRuns,
    log,
    onEnded: ({ fn, run, status, error }) =>
      emit(`inngest/function.${status}`, { function_id: fn.id, run_id: run.id, error, event: run.event }),
  });
  const startRun = tracker.start.bind(tracker);
  let stopped = false;
  const debouncer = new Debouncer<RunEvent>();
  const rateLimiter = new RateLimiter();
  const throttler = new Throttler();
  const seenIds = new SeenEventIds();
  const idempotencyKeys = new SeenEventIds();
  let executing: boolean | ((event: RunEvent) => boolean) = execute;

  function register(body: { appName?: string; functions?: unknown[] }) {
    registrations.push(body);
    const parsed = parseRegistration(body as Parameters<typeof parseRegistration>[0]);
    for (const [id, fn] of functions) if (fn.appName === (body.appName ?? "app")) functions.delete(id);
    for (const fn of parsed) functions.set(fn.id, fn);
    log(`registered ${parsed.length} functions of ${body.appName ?? "app"}`);
  }

  /**
   * Flow control for a new event: idempotency and rate limit (drop), then debounce (delay, the
   * last event wins), then throttle (delay, in order), then the run.
   */
  function schedule(fn: RegisteredFunction, event: RunEvent) {
    if (fn.idempotency && !idempotencyKeys.firstTime(`${fn.id}:${keyOf(fn.idempotency, event)}`))
      return log(`${fn.id}: idempotency key already used in 24 h, event ${event.id} skipped`);
    if (fn.rateLimit) {
      const key = `${fn.id}:${keyOf(fn.rateLimit.key, event)}`;
      if (!rateLimiter.allow(key, fn.rateLimit)) return log(`${fn.id}: rate limited, event ${event.id} skipped`);
    }
    const start = (chosen: RunEvent) => {
      if (!fn.throttle) return void startRun(fn, chosen);
      const key = `${fn.id}:${keyOf(fn.throttle.key, chosen)}`;
      throttler.push(key, fn.throttle, () => void (stopped || startRun(fn, chosen)));
    };
    if (fn.debounce) {
      const key = `${fn.id}:${keyOf(fn.debounce.key, event)}`;
      return debouncer.push(key, event, fn.debounce, start);
    }
    start(event);
  }

  /** cancelOn: runs in progress whose function waits for this event (and whose `if` holds) are cancelled. */
  function cancelMatching(incoming: RunEvent) {
    for (const run of tracker.inProgress()) {
      const fn = functions.get(run.fnId);
      const matches = fn?.cancel.some((trigger) => {
        if (trigger.event !== incoming.name) return false;
        if (trigger.timeoutMs !== undefined && Date.now() > run.queuedAt + trigger.timeoutMs) return false;
        if (!trigger.expression) return true;
        try {
          return evaluateCancelExpression(trigger.expression, { event: run.event, async: incoming }) === true;
        } catch (error) {
          log(`${run.fnId}: cannot evaluate its cancelOn filter for ${incoming.name}: ${(error as Error).message}`);
          return false;
        }
      });
      if (matches && tracker.cancel(run.id)) log(`${run.fnId} run ${run.id} cancelled by event ${incoming.id}`);
    }
  }

  function dispatch(event: RunEvent) {
    if (stopped || executing === false || (typeof executing === "function" && !executing(event))) return;
    for (const fn of functions.values()) {
      try {
        if (triggeredBy(fn, event)) schedule(fn, event);
      } catch (error) {
        log(`${fn.id}: cannot evaluate its trigger or keys for ${event.name}: ${(error as Error).message}`);
      }
    }
  }

  /** Receives events (the event API): records each, drops repeated ids within 24 h, starts what they trigger. */
  function receive(list: SentEvent[]): string[] {
    return list.map((sent) => {
      const event: RunEvent = {
        ...sent,
        data: sent.data ?? {},
        id: sent.id ?? randomUUID(),
        ts: sent.ts ?? Date.now(),
      };
      events.push(sent);
      if (events.length > keepEvents) events.splice(0, events.length - keepEvents);
      if (seenIds.firstTime(sent.id)) {
        if (!stopped) cancelMatching(event);
        dispatch(event);
      } else log(`event ${sent.id} (${sent.name}) was already received: no new run`);
      return event.id;
    });
  }

  function emit(name: string, data: Record<string, unknown>) {
    receive([{ name, data, id: randomUUID(), ts: Date.now() }]);
  }

  return {
    functions,
    events,
    registrations,
    runs: tracker.runs,
    register,
    receive,
    /** Turns execution on or off, or on for the events a predicate accepts (tests sharing a database). */
    setExecuting: (value: boolean | ((event: RunEvent) => boolean)) => void (executing = value),
    run: (runId: string) => tracker.find(runId),
    /** Stops a run between steps; it then sends inngest/function.cancelled. */
    cancel: (runId: string) => tracker.cancel(runId),
    /**
     * A new run of the same function with the same event (no debounce or rate limit; concurrency
     * applies). Only an ended run can be replayed: a run still in progress would run twice.
     */
    replay(runId: string): Run {
      const original = tracker.find(runId);
      const fn = original && functions.get(original.fnId);
      if (!original || !fn) throw new Error(`inngest-local: no run ${runId} of a registered function`);
      if (!isEnded(original))
        throw new ReplayRefusedError(
          `inngest-local: run ${runId} is ${original.status}; only an ended run can be replayed`,
        );
      return startRun(fn, original.event, original.id);
    },
    /**
     * Tests: starts a run of `fnId` with `event` now, as an invocation would: no debounce, rate
     * limit, throttle or idempotency, but concurrency applies (several runs of one key can race).
     */
    runNow(fnId: string, event: RunEvent): Run {
      const fn = functions.get(fnId);
      if (!fn) throw new Error(`inngest-local: ${fnId} is not a registered function`);
      return startRun(fn, { ...event, id: randomUUID(), ts: Date.now() });
    },
    /** Runs a cron function now, with the event Inngest sends for a schedule. */
    triggerCron(fnId: string): Run {
      const fn = functions.get(fnId);
      const trigger = fn?.triggers.find((candidate) => "cron" in candidate);
      if (!fn || !trigger) throw new Error(`inngest-local: ${fnId} is not a registered cron function`);
      const event = { name: "inngest/scheduled.timer", data: { cron: (trigger as { cron: string }).cron } };
      return startRun(fn, { ...event, id: randomUUID(), ts: Date.now() });
    },
    /** Resolves when no run is executing or waiting and no debounce is pending. */
    async waitForIdle(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (tracker.busy || debouncer.size || throttler.size) {
        if (Date.now() > deadline)
          throw new Error(
            `inngest-local: still busy after ${timeoutMs} ms (${debouncer.size} debounces, ${throttler.size} throttled runs pending)`,
          );
        // Always yield to the timer queue: Promise.all([]) alone would spin on microtasks and starve the debounce timers.
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    stop() {
      // Stopping starts nothing new: no debounced run, and no handler for the runs it cancels.
      stopped = true;
      debouncer.clear();
      throttler.clear();
      tracker.cancelAll();
    },
  };
}

export type Executor = ReturnType<typeof createExecutor>;
