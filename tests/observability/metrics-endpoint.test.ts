import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/metrics/route";
import { getDb } from "@/lib/db/client";
import { metricsAccess } from "@/lib/observability/metrics-access";
import { getMetrics, RATE_LIMIT_TOP_N } from "@/lib/observability/metrics";
import { attemptDelivery, MAX_ATTEMPTS } from "@/lib/notifications/deliver";
import { queueTestNotification } from "@/lib/notifications/send-test";
import { createActor, createTenant } from "../helpers/factories";
import { createDestinationRow, deliveriesOf, sendDeps, startReceiver } from "../helpers/notify";
import { startRouteServer } from "../../tools/route-server";

describe("who may scrape /api/metrics", () => {
  const token = "metrics-token-0123456789";
  it("production without METRICS_TOKEN: the endpoint does not exist (404), whatever the header", () => {
    expect(metricsAccess(null, { production: true, token: null })).toBe("not_found");
    expect(metricsAccess("Bearer anything", { production: true, token: null })).toBe("not_found");
  });
  it("with a token: 401 without the header, with another scheme or another token; allowed with it", () => {
    for (const production of [true, false]) {
      expect(metricsAccess(null, { production, token })).toBe("unauthorized");
      expect(metricsAccess(`Basic ${token}`, { production, token })).toBe("unauthorized");
      expect(metricsAccess("Bearer metrics-token-0123456788", { production, token })).toBe("unauthorized");
      expect(metricsAccess(`Bearer ${token}x`, { production, token })).toBe("unauthorized");
      expect(metricsAccess(`Bearer ${token}`, { production, token })).toBe("allowed");
    }
  });
  it("development without a token: open", () => {
    expect(metricsAccess(null, { production: false, token: null })).toBe("allowed");
  });
});

describe("GET /api/metrics", () => {
  let server: Awaited<ReturnType<typeof startRouteServer>>;
  beforeAll(async () => {
    server = await startRouteServer({ "/api/metrics": metricsRoute });
  });
  afterAll(() => server.close());

  const scrape = async () => {
    const response = await fetch(`${server.url}/api/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };
  const value = (text: string, series: string) => {
    const line = text.split("\n").find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.split(" ")[1]);
  };

  it("lists every metric in Prometheus text format, process metrics included", async () => {
    const text = await scrape();
    for (const name of [
      "allegro_webhook_deliveries_total",
      "allegro_webhook_response_seconds",
      "allegro_outbox_depth",
      "allegro_outbox_oldest_age_seconds",
      "allegro_sync_runs_total",
      "allegro_sync_duration_seconds",
      "allegro_sync_templates_total",
      "allegro_push_to_applied_seconds",
      "allegro_github_requests_total",
      "allegro_github_rate_limit_remaining",
      "allegro_pull_request_checks_total",
      "allegro_notification_attempts_total",
      "process_cpu_seconds_total",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it("reads the outbox depth and the oldest unsent row's age from PostgreSQL at scrape time", async () => {
    const db = getDb();
    const before = value(await scrape(), "allegro_outbox_depth")!;
    // One pending push sync per organization (sync_outbox_pending_sync_key): the two unsent rows need two.
    const [tenant, other] = [await createTenant(), await createTenant()];
    const hourAgo = new Date(Date.now() - 3600_000);
    const data = { installationId: 1n, reason: "push", request: {} };
    await db.syncOutbox.createMany({
      data: [
        { ...data, tenantId: tenant.id, createdAt: hourAgo },
        { ...data, tenantId: other.id, createdAt: new Date() },
        { ...data, tenantId: tenant.id, createdAt: new Date(Date.now() - 7200_000), sentAt: new Date() },
      ],
    });
    try {
      // Scrapes within a second share one query: wait for the next second's answer.
      let text = await scrape();
      while (value(text, "allegro_outbox_depth") === before) text = await scrape();
      expect(value(text, "allegro_outbox_depth")).toBe(before + 2);
      expect(value(text, "allegro_outbox_oldest_age_seconds")).toBeGreaterThanOrEqual(3600);
      expect(value(text, "allegro_outbox_oldest_age_seconds")).toBeLessThan(7200);
    } finally {
      await db.syncOutbox.deleteMany({ where: { tenantId: { in: [tenant.id, other.id] } } });
    }
  });

  it("shows the rate limit of the installations closest to it by name and the rest as one 'other' series", async () => {
    const { rateLimits } = getMetrics();
    rateLimits.clear();
    for (let i = 0; i < RATE_LIMIT_TOP_N + 5; i++) rateLimits.set(String(1000 + i), 100 + i);
    const text = await scrape();
    const series = text.split("\n").filter((l) => l.startsWith("allegro_github_rate_limit_remaining{"));
    expect(series).toHaveLength(RATE_LIMIT_TOP_N + 1);
    expect(value(text, 'allegro_github_rate_limit_remaining{installation="1000"}')).toBe(100);
    expect(value(text, 'allegro_github_rate_limit_remaining{installation="1014"}')).toBeUndefined();
    expect(value(text, 'allegro_github_rate_limit_remaining{installation="other"}')).toBe(100 + RATE_LIMIT_TOP_N);
    rateLimits.clear();
  });

  it("counts notification attempts by channel and outcome: delivered, retry, and failed after the last attempt", async () => {
    const down = await startReceiver(() => ({ status: 503 }));
    const up = await startReceiver();
    const actor = await createActor();
    const webhook = await createDestinationRow(actor, "webhook", down.url);
    const slack = await createDestinationRow(actor, "slack", up.url);
    await queueTestNotification(actor, webhook.id.toString());
    await queueTestNotification(actor, slack.id.toString());
    const series = (channel: string, outcome: string) =>
      `allegro_notification_attempts_total{channel="${channel}",outcome="${outcome}"}`;
    const count = (text: string, channel: string, outcome: string) => value(text, series(channel, outcome)) ?? 0;
    const before = await scrape();

    // What the job does for each event, only for this organization's deliveries (other files share the database).
    const deps = sendDeps();
    const ids = (kind: bigint) =>
      deliveriesOf(actor.tenantId).then((rows) => rows.find((row) => row.destinationId === kind)!.id);
    const tenantId = actor.tenantId.toString();
    const slackDelivery = { deliveryId: await ids(slack.id), tenantId };
    const webhookDelivery = { deliveryId: await ids(webhook.id), tenantId };
    expect(await attemptDelivery(deps, slackDelivery, 1)).toMatchObject({ outcome: "delivered" });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) await attemptDelivery(deps, webhookDelivery, attempt);
    // An attempt run twice sends nothing and counts nothing.
    expect(await attemptDelivery(deps, slackDelivery, 1)).toEqual({ outcome: "gone" });
    await Promise.all([down.close(), up.close()]);

    const after = await scrape();
    const delta = (channel: string, outcome: string) =>
      count(after, channel, outcome) - count(before, channel, outcome);
    expect(delta("slack", "delivered")).toBe(1);
    expect(delta("webhook", "retry")).toBe(MAX_ATTEMPTS - 1);
    expect(delta("webhook", "failed")).toBe(1);
    expect(delta("webhook", "delivered")).toBe(0);
    expect(delta("slack", "retry")).toBe(0);
  });
});
