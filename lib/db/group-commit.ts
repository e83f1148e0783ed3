/**
 * Group commit: writes asked for while a batch is on its way to the database
 * go together in the next one. A lone call is written at once (nothing waits
 * for a timer); a burst of N calls costs a handful of statements and commits
 * instead of N, which is what a webhook burst is short of on a small machine
 * (CPU per statement on both sides, one WAL flush per commit). Every caller
 * still gets its own answer only after its own row is committed.
 *
 * - `write` takes the items of one batch and answers one result per item, in order.
 * - `keyOf`: two items with the same key never share a batch (a statement may
 *   not touch one row twice); the later one goes in the next batch.
 * - When a batch of several fails, each of its items is written again alone,
 *   so one bad item fails only its own caller.
 */
export type GroupCommitOptions<T> = {
  maxBatch?: number;
  maxInFlight?: number;
  keyOf?: (item: T) => string;
};

type Waiting<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };

export function groupCommit<T, R>(
  write: (items: T[]) => Promise<R[]>,
  { maxBatch = 200, maxInFlight = 1, keyOf }: GroupCommitOptions<T> = {},
): (item: T) => Promise<R> {
  let waiting: Waiting<T, R>[] = [];
  let inFlight = 0;

  const writeChecked = async (items: T[]) => {
    const results = await write(items);
    if (results.length !== items.length) {
      throw new Error(`group commit: ${results.length} results for ${items.length} items`);
    }
    return results;
  };

  const take = (): Waiting<T, R>[] => {
    const batch: Waiting<T, R>[] = [];
    const later: Waiting<T, R>[] = [];
    const keys = new Set<string>();
    for (const entry of waiting) {
      const key = keyOf?.(entry.item);
      if (batch.length >= maxBatch || (key !== undefined && keys.has(key))) later.push(entry);
      else {
        if (key !== undefined) keys.add(key);
        batch.push(entry);
      }
    }
    waiting = later;
    return batch;
  };

  const alone = (entry: Waiting<T, R>) =>
    writeChecked([entry.item]).then(([result]) => entry.resolve(result!), entry.reject);

  const run = async (batch: Waiting<T, R>[]) => {
    let outcome: { results: R[] } | { error: unknown };
    try {
      outcome = { results: await writeChecked(batch.map((entry) => entry.item)) };
    } catch (error) {
      outcome = { error };
    }
    // The next batch goes out before this one's callers are answered.
    inFlight--;
    pump();
    if ("results" in outcome) batch.forEach((entry, i) => entry.resolve(outcome.results[i]!));
    else if (batch.length === 1) batch[0]!.reject(outcome.error);
    else await Promise.all(batch.map(alone));
  };

  const pump = () => {
    while (inFlight < maxInFlight && waiting.length) {
      inFlight++;
      void run(take());
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      pump();
    });
}
