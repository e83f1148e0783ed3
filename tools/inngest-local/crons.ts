import { parseCron } from "./cron";
import type { Executor } from "./executor";

/** Checks every registered cron trigger at the start of each minute (UTC) and runs the functions due. */
export function startCronClock(executor: Executor, log: (line: string) => void) {
  let timer: NodeJS.Timeout;
  const tick = () => {
    const now = new Date();
    for (const fn of executor.functions.values()) {
      const due = fn.triggers.some((trigger) => "cron" in trigger && parseCron(trigger.cron).matches(now));
      if (due) {
        log(`cron: ${fn.id}`);
        executor.triggerCron(fn.id);
      }
    }
    schedule();
  };
  const schedule = () => (timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50));
  schedule();
  return () => clearTimeout(timer);
}
