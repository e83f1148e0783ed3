/**
 * The outbox relay's own clock: each long-lived server process looks for due rows
 * every `intervalMs`, so a request accepted while the job queue was down goes out
 * within its backoff plus one interval, with no other traffic. Several processes
 * share the rows through the relay's lease. Ticks never overlap (the next one is
 * scheduled when the last has finished), and a failing tick only waits for the next.
 * The timer functions are parameters so tests drive the clock themselves.
 */
export type Timers = {
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
};

const realTimers: Timers = {
  setTimeout: (run, ms) => {
    const handle = setTimeout(run, ms);
    // The clock never keeps a process alive on its own.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export type RelayClock = {
  /** Stops the clock; resolves once a tick under way has finished. */
  stop(): Promise<void>;
};

export function startRelayClock(
  tick: () => Promise<unknown>,
  {
    intervalMs,
    timers = realTimers,
    onError,
  }: { intervalMs: number; timers?: Timers; onError?: (error: unknown) => void },
): RelayClock {
  let stopped = false;
  let handle: unknown = null;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    handle = timers.setTimeout(() => {
      handle = null;
      running = (async () => {
        try {
          await tick();
        } catch (error) {
          onError?.(error);
        }
      })();
      void running.then(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
      await running;
    },
  };
}
