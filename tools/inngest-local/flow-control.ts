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

type Queued = { start: () => void };

/**
 * Throttle per function and key: at most `limit` runs start in any `period`; a run over the
 * limit is not dropped but waits, in arrival order, until a start leaves the window.
 * (Inngest uses GCRA with a `burst`; a sliding window of starts gives the same sequence for
 * `burst` 1 up to when within the period each start falls.)
 */
export class Throttler {
  private starts = new Map<string, number[]>();
  private queues = new Map<string, Queued[]>();
  private timers = new Map<string, NodeJS.Timeout>();

  get size() {
    let waiting = 0;
    for (const queue of this.queues.values()) waiting += queue.length;
    return waiting;
  }

  push(key: string, { limit, periodMs }: { limit: number; periodMs: number }, start: () => void) {
    const queue = this.queues.get(key) ?? [];
    queue.push({ start });
    this.queues.set(key, queue);
    this.drain(key, limit, periodMs);
  }

  private drain(key: string, limit: number, periodMs: number) {
    if (this.timers.has(key)) return;
    const queue = this.queues.get(key) ?? [];
    const now = Date.now();
    const recent = (this.starts.get(key) ?? []).filter((at) => at > now - periodMs);
    while (queue.length && recent.length < limit) {
      recent.push(now);
      queue.shift()!.start();
    }
    this.starts.set(key, recent);
    if (!queue.length) return void this.queues.delete(key);
    const wait = Math.max(1, recent[0]! + periodMs - now);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.drain(key, limit, periodMs);
      }, wait),
    );
  }

  clear() {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.queues.clear();
  }
}
