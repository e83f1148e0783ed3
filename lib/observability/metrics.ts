import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus metrics (prom-client). Counters and histograms are per process, as
 * Prometheus expects; gauges read from PostgreSQL are computed at scrape time (db-gauges.ts).
 * Kept on globalThis: Next bundles route handlers and instrumentation.ts separately, and a
 * second registry would split the counts (or fail on duplicate names).
 */
/** Installations shown by name in the rate-limit gauge; the others are aggregated, so the label set stays bounded. */
export const RATE_LIMIT_TOP_N = 10;

export type OutboxState = { depth: number; oldestAgeSeconds: number };

function createMetrics() {
  const registry = new Registry();
  const rateLimits = new Map<string, number>();
  const outbox: { read: (() => Promise<OutboxState>) | null } = { read: null };
  collectDefaultMetrics({ register: registry });
  const seconds = (name: string, help: string, labelNames: string[], buckets: number[]) =>
    new Histogram({ name, help, labelNames, buckets, registers: [registry] });
  return {
    registry,
    webhookDeliveries: new Counter({
      name: "allegro_webhook_deliveries_total",
      help: "GitHub webhook deliveries by event and outcome (processed, ignored, duplicate, rejected, failed…).",
      labelNames: ["event", "outcome"],
      registers: [registry],
    }),
    webhookResponse: seconds(
      "allegro_webhook_response_seconds",
      "Time to answer a GitHub webhook delivery.",
      ["event"],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ),
    syncRuns: new Counter({
      name: "allegro_sync_runs_total",
      help: "Finished sync runs by reason (push, connect, manual, reconcile, confirm) and outcome.",
      labelNames: ["reason", "outcome"],
      registers: [registry],
    }),
    syncDuration: seconds(
      "allegro_sync_duration_seconds",
      "Duration of a sync run, from its start to its final state.",
      ["outcome"],
      [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    ),
    templates: new Counter({
      name: "allegro_sync_templates_total",
      help: "Templates created, updated and deleted by syncs.",
      labelNames: ["change"],
      registers: [registry],
    }),
    pushToApplied: seconds(
      "allegro_push_to_applied_seconds",
      "Push-to-applied lag: from the moment the push delivery was received to the commit of its templates.",
      [],
      [0.5, 1, 2, 3, 4, 5, 6, 7, 8, 10, 15, 20, 30, 60, 120, 300],
    ),
    githubRequests: new Counter({
      name: "allegro_github_requests_total",
      help: "GitHub REST requests by route (the endpoint template) and status (0: no answer).",
      labelNames: ["route", "status"],
      registers: [registry],
    }),
    githubRateLimit: new Gauge({
      name: "allegro_github_rate_limit_remaining",
      help: 'GitHub\'s x-ratelimit-remaining, last seen, for the installations closest to their limit (the rest as installation="other", their minimum).',
      labelNames: ["installation"],
      registers: [registry],
      collect() {
        this.reset();
        const lowest = [...rateLimits].sort((a, b) => a[1] - b[1]);
        for (const [installation, remaining] of lowest.slice(0, RATE_LIMIT_TOP_N))
          this.set({ installation }, remaining);
        const rest = lowest.slice(RATE_LIMIT_TOP_N);
        if (rest.length) this.set({ installation: "other" }, Math.min(...rest.map(([, remaining]) => remaining)));
      },
    }),
    rateLimits,
    outbox,
    outboxDepth: new Gauge({
      name: "allegro_outbox_depth",
      help: "Rows of the outbox (sync and check requests) not yet handed to Inngest, read from PostgreSQL at scrape time.",
      registers: [registry],
      async collect() {
        if (outbox.read) this.set((await outbox.read()).depth);
      },
    }),
    outboxOldestAge: new Gauge({
      name: "allegro_outbox_oldest_age_seconds",
      help: "Age of the oldest unsent outbox row (0 when none), read from PostgreSQL at scrape time.",
      registers: [registry],
      async collect() {
        if (outbox.read) this.set((await outbox.read()).oldestAgeSeconds);
      },
    }),
    pullRequestChecks: new Counter({
      name: "allegro_pull_request_checks_total",
      help: "Pull request checks by conclusion (success, failure, neutral, cancelled when superseded, error when the job failed).",
      labelNames: ["conclusion"],
      registers: [registry],
    }),
    notificationAttempts: new Counter({
      name: "allegro_notification_attempts_total",
      help: "Notification delivery attempts by channel (email, slack, webhook) and outcome (delivered; retry: failed, tried again later; failed: the last attempt failed).",
      labelNames: ["channel", "outcome"],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const holder = globalThis as unknown as { __allegroMetrics?: Metrics };

export function getMetrics(): Metrics {
  holder.__allegroMetrics ??= createMetrics();
  return holder.__allegroMetrics;
}
