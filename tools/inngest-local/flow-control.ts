type Pending<E> = { event: E; firstAt: number; timer: NodeJS.Timeout };

/**
 * Debounce per function and key: each event replaces the pending one and restarts
 * the quiet `period`; the run starts with the last event once the period passes
 * with no new event, or `timeout` after the first event of the burst.
 */
export class Debouncer<E> {
  private pending = new Map<string, Pending<E>>();

  get size() {
    return this.pending.size;
  }

  push(
    key: string,
    event: E,
    { periodMs, timeoutMs }: { periodMs: number; timeoutMs?: number },
    fire: (event: E) => void,
  ) {
    const now = Date.now();
    const previous = this.pending.get(key);
    if (previous) clearTimeout(previous.timer);
    const firstAt = previous?.firstAt ?? now;
    const dueAt = Math.min(now + periodMs, timeoutMs === undefined ? Infinity : firstAt + timeoutMs);
    const timer = setTimeout(() => {
      this.pending.delete(key);
      fire(event);
    }, dueAt - now);
    this.pending.set(key, { event, firstAt, timer });
  }

  clear() {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}

/**
 * Rate limit per function and key: at most `limit` runs start in any `period`;
 * events over the limit are dropped (no run, no failure). Inngest implements this
 * with GCRA; a sliding window of accepted starts gives the same answer for the
 * limits this app declares (limit 1).
 */
export class RateLimiter {
  private starts = new Map<string, number[]>();

  allow(key: string, { limit, periodMs }: { limit: number; periodMs: number }, now = Date.now()): boolean {
    const recent = (this.starts.get(key) ?? []).filter((at) => at > now - periodMs);
    const allowed = recent.length < limit;
    if (allowed) recent.push(now);
    this.starts.set(key, recent);
    return allowed;
  }
}

/** Event ids seen in the last 24 hours: a repeated id starts no function (Inngest's event idempotency). */
export class SeenEventIds {
  private seen = new Map<string, number>();

  firstTime(id: string | undefined, now = Date.now()): boolean {
    if (!id) return true;
    for (const [seenId, at] of this.seen) if (at <= now - 86_400_000) this.seen.delete(seenId);
    if (this.seen.has(id)) return false;
    this.seen.set(id, now);
    return true;
  }
}

/**
 * Throttle per function and key, with Inngest's generic cell rate algorithm: runs start at one per
 * `period / limit`, after an initial burst of `limit + burst` at once; a run over the limit is
 * not dropped but waits, first in first out, for its turn ("Three runs (limit + burst) start at
 * once, then one run starts every 3s (period ÷ limit)" for limit 2, period 6 s, burst 1).
 */
export class Throttler {
  /** Per key: the theoretical arrival time of the next start, and the runs waiting for it. */
  private state = new Map<string, { tat: number; queue: (() => void)[]; timer?: NodeJS.Timeout }>();

  get size() {
    let waiting = 0;
    for (const { queue } of this.state.values()) waiting += queue.length;
    return waiting;
  }

  push(key: string, limits: { limit: number; periodMs: number; burst: number }, start: () => void) {
    const entry = this.state.get(key) ?? { tat: 0, queue: [] };
    this.state.set(key, entry);
    entry.queue.push(start);
    this.drain(entry, limits);
  }

  private drain(
    entry: { tat: number; queue: (() => void)[]; timer?: NodeJS.Timeout },
    limits: { limit: number; periodMs: number; burst: number },
  ) {
    if (entry.timer) return;
    const emission = limits.periodMs / limits.limit;
    const tolerance = (limits.limit + limits.burst - 1) * emission;
    let now = Date.now();
    while (entry.queue.length && now >= entry.tat - tolerance) {
      entry.tat = Math.max(entry.tat, now) + emission;
      entry.queue.shift()!();
      now = Date.now();
    }
    if (!entry.queue.length) return;
    entry.timer = setTimeout(
      () => {
        entry.timer = undefined;
        this.drain(entry, limits);
      },
      Math.max(1, entry.tat - tolerance - now),
    );
  }

  clear() {
    for (const entry of this.state.values()) clearTimeout(entry.timer);
    this.state.clear();
  }
}
