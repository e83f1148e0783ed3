import type { Db } from "../db/client";
import { getMetrics, type OutboxState } from "./metrics";

/** One query for both outbox gauges, shared by the two collectors of one scrape. */
export async function readOutboxState(db: Db, now: Date): Promise<OutboxState> {
  const [row] = await db.$queryRaw<{ depth: number; oldest: Date | null }[]>`
    SELECT count(*)::int AS depth, min(created_at) AS oldest FROM sync_outbox WHERE sent_at IS NULL`;
  const oldest = row?.oldest ?? null;
  return {
    depth: row?.depth ?? 0,
    oldestAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0,
  };
}

/** Points the outbox gauges at `db` (the metrics route does it before each scrape). */
export function pointOutboxGaugesAt(db: Db, now: () => Date = () => new Date()): void {
  let pending: { at: number; state: Promise<OutboxState> } | null = null;
  getMetrics().outbox.read = () => {
    const at = now().getTime();
    // Both gauges of one scrape share one query: reuse it for a second.
    if (!pending || at - pending.at > 1000) pending = { at, state: readOutboxState(db, now()) };
    return pending.state;
  };
}
