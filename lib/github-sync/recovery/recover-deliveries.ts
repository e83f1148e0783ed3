import type { Db } from "../../db/client";
import type { HookDelivery, HookDeliveries } from "./hook-deliveries";

export const RECOVERY_LIMITS = {
  /** Pages of 100 deliveries read per run. */
  maxPages: 10,
  /** Redeliveries asked for per run. */
  maxRequests: 25,
  /** Times one event is asked for before recovery gives up on it. */
  maxRequestsPerGuid: 3,
  /** The first run looks back this far (GitHub redelivers only the last 3 days). */
  firstLookBackMs: 3 * 24 * 3600_000,
  /** Later runs re-read this much before the checkpoint: an attempt in flight then is listed later. */
  overlapMs: 5 * 60_000,
};

const CHECKPOINT_ID = "app";

/**
 * Worth redelivering: no HTTP answer (the app was unreachable, status 0), 429, or a 5xx. A 4xx is
 * this app refusing the request itself (bad signature, malformed body), which a redelivery repeats.
 */
const retryable = (code: number) => code === 0 || code === 429 || code >= 500;
const ok = (code: number) => code >= 200 && code < 300;

export type RecoveryDeps = { db: Db; github: HookDeliveries; now: () => Date; limits?: typeof RECOVERY_LIMITS };

export type RecoverySummary = {
  since: string;
  listed: number;
  failed: number;
  requested: number;
  refused: number;
  /** The page limit stopped the listing before the checkpoint. */
  truncated: boolean;
  checkpoint: string;
};

/** Lists the log newest first, back to `since` or the page limit. */
async function listSince(github: HookDeliveries, since: Date, maxPages: number) {
  const listed: HookDelivery[] = [];
  let pages = 0;
  for await (const page of github.pages()) {
    pages++;
    const recent = page.filter((d) => Date.parse(d.delivered_at) >= since.getTime());
    listed.push(...recent);
    if (recent.length < page.length) return { listed, truncated: false };
    if (pages >= maxPages) return { listed, truncated: true };
  }
  return { listed, truncated: false };
}

/** Per event (guid): its latest attempt, when none of the listed attempts was answered 2xx and the latest may succeed again. */
function failedEvents(listed: HookDelivery[]): HookDelivery[] {
  const byGuid = new Map<string, HookDelivery[]>();
  for (const d of listed) byGuid.set(d.guid, [...(byGuid.get(d.guid) ?? []), d]);
  return [...byGuid.values()].flatMap((attempts) => {
    if (attempts.some((a) => ok(a.status_code))) return [];
    const latest = attempts.reduce((a, b) => (b.id > a.id ? b : a));
    return retryable(latest.status_code) ? [latest] : [];
  });
}

/**
 * GitHub never redelivers on its own. Each run lists the app's deliveries since the checkpoint
 * (kept in PostgreSQL), and asks GitHub to redeliver each failed one whose GUID this app has not
 * recorded, oldest first and at most `maxRequests` per run, recording each request. An event
 * asked for already is asked again only after GitHub listed a newer failed attempt of it, at most
 * `maxRequestsPerGuid` times. Redeliveries are deduplicated by X-GitHub-Delivery as usual.
 */
export async function recoverDeliveries(deps: RecoveryDeps): Promise<RecoverySummary> {
  const limits = deps.limits ?? RECOVERY_LIMITS;
  const now = deps.now();
  const state = await deps.db.webhookRecoveryCheckpoint.findUnique({ where: { id: CHECKPOINT_ID } });
  const since = state
    ? new Date(state.checkpoint.getTime() - limits.overlapMs)
    : new Date(now.getTime() - limits.firstLookBackMs);
  const { listed, truncated } = await listSince(deps.github, since, limits.maxPages);
  const failed = failedEvents(listed);
  const guids = failed.map((d) => d.guid);
  const [recorded, asked] = await Promise.all([
    // A delivery whose recording or processing failed is processed again when redelivered: not "recorded".
    deps.db.webhookDelivery.findMany({
      where: { id: { in: guids }, NOT: { outcome: { startsWith: "failed" } } },
      select: { id: true },
    }),
    deps.db.webhookRedelivery.findMany({ where: { guid: { in: guids } } }),
  ]);
  const known = new Set(recorded.map((r) => r.id));
  const askedByGuid = new Map(asked.map((a) => [a.guid, a]));
  const candidates = failed
    .filter((d) => !known.has(d.guid))
    .filter((d) => {
      const previous = askedByGuid.get(d.guid);
      // Asked before: only once GitHub shows that redelivery failed too (a newer attempt), and not forever.
      return !previous || (d.id > Number(previous.githubDeliveryId) && previous.requests < limits.maxRequestsPerGuid);
    })
    .sort((a, b) => a.id - b.id);
  const chosen = candidates.slice(0, limits.maxRequests);

  let requested = 0;
  let refused = 0;
  for (const d of chosen) {
    const answer = await deps.github.redeliver(d.id);
    if (answer === true) requested++;
    else refused++;
    const fields = {
      githubDeliveryId: BigInt(d.id),
      event: d.event,
      action: d.action,
      installationId: d.installation_id === null ? null : BigInt(d.installation_id),
      statusCode: d.status_code,
      deliveredAt: new Date(d.delivered_at),
      result: answer === true ? "requested" : `refused: ${answer}`,
      requestedAt: deps.now(),
    };
    await deps.db.webhookRedelivery.upsert({
      where: { guid: d.guid },
      create: { guid: d.guid, ...fields },
      update: { ...fields, requests: { increment: 1 } },
    });
  }

  // Everything newer than the checkpoint was considered, except candidates left for the next run.
  const left = candidates[limits.maxRequests];
  const newest = listed.reduce((max, d) => Math.max(max, Date.parse(d.delivered_at)), since.getTime());
  const checkpoint = truncated
    ? (state?.checkpoint ?? since)
    : left
      ? new Date(Date.parse(left.delivered_at))
      : new Date(Math.max(newest, state?.checkpoint.getTime() ?? 0));
  const summary: RecoverySummary = {
    since: since.toISOString(),
    listed: listed.length,
    failed: failed.length,
    requested,
    refused,
    truncated,
    checkpoint: checkpoint.toISOString(),
  };
  await deps.db.webhookRecoveryCheckpoint.upsert({
    where: { id: CHECKPOINT_ID },
    create: { id: CHECKPOINT_ID, checkpoint, lastRun: summary },
    update: { checkpoint, lastRun: summary },
  });
  return summary;
}
