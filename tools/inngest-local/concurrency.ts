export type Slot = { key: string; limit: number };
type Waiter = { slots: Slot[]; grant: () => void };

/**
 * Concurrency slots, one counter per key. A run holds its slots only while a
 * request to the app (one step) executes, so runs waiting between steps or for
 * a retry free them, as Inngest counts executing steps. Waiters are served in
 * arrival order per key.
 */
export class ConcurrencySlots {
  private inUse = new Map<string, number>();
  private waiting: Waiter[] = [];

  async acquire(slots: Slot[]): Promise<() => void> {
    if (!slots.length) return () => {};
    await new Promise<void>((grant) => {
      this.waiting.push({ slots, grant });
      this.grantWaiting();
    });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const slot of slots) this.inUse.set(slot.key, (this.inUse.get(slot.key) ?? 1) - 1);
      this.grantWaiting();
    };
  }

  private grantWaiting() {
    const blocked = new Set<string>();
    this.waiting = this.waiting.filter((waiter) => {
      const free = waiter.slots.every((slot) => !blocked.has(slot.key) && (this.inUse.get(slot.key) ?? 0) < slot.limit);
      if (!free) {
        // Later waiters on the same key keep their place behind this one.
        waiter.slots.forEach((slot) => blocked.add(slot.key));
        return true;
      }
      for (const slot of waiter.slots) this.inUse.set(slot.key, (this.inUse.get(slot.key) ?? 0) + 1);
      waiter.grant();
      return false;
    });
  }
}

/** The slot keys a run of `fnId` takes: `account` keys are shared across functions, `fn` keys are the function's own. */
export function slotKey(scope: string, fnId: string, key: string) {
  return scope === "fn" ? `fn:${fnId}:${key}` : `${scope}:${key}`;
}
