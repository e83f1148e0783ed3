import { backoffMs } from "./backoff";
import { ConcurrencySlots, slotKey } from "./concurrency";
import { executeRun } from "./execute-run";
import { keyOf, type RegisteredFunction } from "./registry";
import { newRunId, type Run, type RunError, type RunEvent } from "./run-state";

const ENDED = ["completed", "failed", "cancelled"];
export const isEnded = (run: Run) => ENDED.includes(run.status);

type Ended = { fn: RegisteredFunction; run: Run; status: "failed" | "cancelled"; error: RunError };

/**
 * Runs in flight and done: starts each with its concurrency slots, wakes a run
 * waiting for a retry when it is cancelled, and reports failed and cancelled runs
 * (the executor turns them into inngest/function.failed and .cancelled events).
 */
export class RunTracker {
  readonly runs: Run[] = [];
  private active = new Set<Promise<void>>();
  private slots = new ConcurrencySlots();
  private cancelRequested = new Set<string>();
  private wakers = new Map<string, () => void>();

  constructor(
    private options: {
      retryScale: number;
      /** Jitter source for the backoff (tests fix it). */
      random?: () => number;
      /** How many runs to remember; older ended runs are dropped (a long `npm run dev` stays bounded). */
      keepRuns: number;
      log: (line: string) => void;
      onEnded: (ended: Ended) => void;
    },
  ) {}

  get busy() {
    return this.active.size > 0;
  }

  find(runId: string) {
    return this.runs.find((run) => run.id === runId);
  }

  start(fn: RegisteredFunction, event: RunEvent, replayOf?: string): Run {
    const run: Run = {
      id: newRunId(),
      ...{ fnId: fn.id, fnName: fn.name, event, status: "queued", queuedAt: Date.now(), steps: [], calls: [] },
      ...(replayOf ? { replayOf } : {}),
    };
    this.runs.push(run);
    const keys = fn.concurrency.map((limit) => ({
      key: slotKey(limit.scope, fn.id, keyOf(limit.key, event)),
      limit: limit.limit,
    }));
    const task = executeRun(fn, run, {
      acquireSlots: () => this.slots.acquire(keys),
      backoffMs: (retry) => backoffMs(retry, this.options.retryScale, this.options.random),
      cancelled: () => this.cancelRequested.has(run.id),
      sleep: (ms) => this.sleep(run.id, ms),
    })
      .then((outcome) => {
        run.status = outcome.status;
        run.endedAt = Date.now();
        this.options.log(`${fn.id} run ${run.id} ${outcome.status}`);
        if (outcome.status === "completed") run.output = outcome.output;
        else if (outcome.status === "failed") run.error = outcome.error;
        else run.error = { name: "Error", message: "function cancelled" };
        if (outcome.status !== "completed")
          this.options.onEnded({ fn, run, status: outcome.status, error: run.error! });
      })
      .catch((error: Error) => {
        // A fault in the executor itself still ends the run as Inngest would: failed, with its handler.
        run.status = "failed";
        run.endedAt = Date.now();
        run.error = { name: error.name, message: `inngest-local failed while running it: ${error.message}` };
        this.options.log(`${fn.id} run ${run.id} crashed: ${error.message}`);
        this.options.onEnded({ fn, run, status: "failed", error: run.error });
      })
      .finally(() => {
        this.active.delete(task);
        this.forgetOldRuns();
      });
    this.active.add(task);
    return run;
  }

  /** Runs not yet ended (queued, running or waiting for a retry). */
  inProgress(): Run[] {
    return this.runs.filter((run) => !isEnded(run));
  }

  /** Keeps the newest `keepRuns` runs: the oldest ended ones go first; runs in progress are never dropped. */
  private forgetOldRuns() {
    let excess = this.runs.length - this.options.keepRuns;
    for (let i = 0; excess > 0 && i < this.runs.length;) {
      if (isEnded(this.runs[i]!)) {
        this.cancelRequested.delete(this.runs[i]!.id);
        this.runs.splice(i, 1);
        excess--;
      } else i++;
    }
  }

  /** Stops a run before its next request (a request in flight finishes); false when it already ended. */
  cancel(runId: string) {
    const run = this.find(runId);
    if (!run || isEnded(run)) return false;
    this.cancelRequested.add(runId);
    this.wakers.get(runId)?.();
    return true;
  }

  cancelAll() {
    for (const run of this.runs) this.cancel(run.id);
  }

  /** Not before `ms` by the wall clock (Node's timers may fire a millisecond early by it); a waker ends it early. */
  private sleep(runId: string, ms: number) {
    const due = Date.now() + ms;
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout;
      const wakers = this.wakers;
      const arm = () => (timer = setTimeout(tick, Math.max(1, due - Date.now())));
      function tick() {
        if (Date.now() < due) arm();
        else done();
      }
      function done() {
        clearTimeout(timer);
        wakers.delete(runId);
        resolve();
      }
      wakers.set(runId, done);
      arm();
    });
  }
}
