import { context, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { getMetrics } from "@/lib/observability/metrics";
import { startTracing } from "@/lib/observability/otel";
import { inngestSink } from "../helpers/inngest-sink";
import { waitForSentEvents } from "../helpers/outbox";
import { connectedTenant, latestRun, runSync, startSyncWorld, type SyncWorld } from "../helpers/sync-world";

const exporter = new InMemorySpanExporter();
let tracing: { shutdown: () => Promise<void> };
let world: SyncWorld;
beforeAll(async () => {
  tracing = startTracing({ serviceName: "allegro-test", exporter, batch: false });
  world = await startSyncWorld();
});
afterAll(async () => {
  await world.stop();
  await tracing.shutdown();
  trace.disable();
  context.disable();
});

const doc = (name: string) => JSON.stringify({ name });
/** The value of one series (labels as Prometheus prints them), 0 when absent. */
async function sample(name: string, labels: Record<string, string> = {}) {
  const metric = await getMetrics().registry.getSingleMetric(name)!.get();
  const found = metric.values.find(
    (v) =>
      Object.entries(labels).every(([k, value]) => String(v.labels[k]) === value) &&
      (!("metricName" in v) || v.metricName === `${name}_count` || v.metricName === name),
  );
  return found?.value ?? 0;
}

describe("one push, traced and measured", () => {
  it("has a span tree from the webhook to the applied templates, with ids as attributes, and moves the metrics", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    const tenantId = t.actor.tenantId.toString();
    const installationId = String(t.installation!.id);
    const before = {
      deliveries: await sample("allegro_webhook_deliveries_total", { event: "push", outcome: "processed" }),
      responses: await sample("allegro_webhook_response_seconds", { event: "push" }),
      runs: await sample("allegro_sync_runs_total", { reason: "push", outcome: "succeeded" }),
      created: await sample("allegro_sync_templates_total", { change: "created" }),
      lag: await sample("allegro_push_to_applied_seconds"),
      trees: await sample("allegro_github_requests_total", {
        route: "GET /repos/{owner}/{repo}/git/trees/{tree_sha}",
        status: "200",
      }),
    };
    inngestSink().events.length = 0;
    exporter.reset();

    const pushed = await world.sim.commit(t.fullName, {
      changes: [{ action: "put", path: "b.json", content: doc("B") }],
    });
    const [event] = await waitForSentEvents(tenantId, 1);
    expect(event!.data).toMatchObject({ reason: "push", commit: pushed.sha });
    const run = await runSync(world, event!.data as never);
    expect(run.result).toMatchObject({ status: "succeeded", commit: pushed.sha });
    const syncRun = await latestRun(t.actor.tenantId);

    const spans = exporter.getFinishedSpans();
    const children = (parent: ReadableSpan) =>
      spans.filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId);
    const named = (name: string) => spans.filter((s) => s.name === name);

    // The webhook request, and under it the outbox write (with its database statement) and the relay.
    const [webhook] = named("POST /github/webhooks").filter((s) => s.attributes["github.event"] === "push");
    expect(webhook).toBeDefined();
    expect(webhook!.attributes).toMatchObject({ "http.response.status_code": 200, "github.outcome": "processed" });
    const [write] = children(webhook!).filter((s) => s.name === "outbox.write");
    expect(write).toBeDefined();
    expect(children(write!).some((s) => s.name.startsWith("prisma:client:"))).toBe(true);
    const relay = named("outbox.relay").find((s) => s.spanContext().traceId === webhook!.spanContext().traceId);
    expect(relay).toBeDefined();

    // Each sync step, with organization, installation, run and commit, GitHub requests and database calls under them.
    const steps = spans.filter(
      (s) => s.name.startsWith("step ") && s.attributes["allegro.organization_id"] === tenantId,
    );
    expect(steps.map((s) => s.attributes["inngest.step"])).toEqual([
      "start-run",
      "resolve-head",
      "read-tree",
      "fetch-files",
      "apply",
      "report-check",
    ]);
    for (const step of steps) {
      expect(step.attributes).toMatchObject({
        "github.installation_id": installationId,
        "allegro.sync_run_id": syncRun.id.toString(),
        "inngest.function": "sync-github-templates",
      });
    }
    for (const step of steps.slice(1)) expect(step.attributes["vcs.commit"]).toBe(pushed.sha);
    const readTree = steps.find((s) => s.attributes["inngest.step"] === "read-tree")!;
    const github = children(readTree).filter((s) => s.name.startsWith("GitHub "));
    expect(github.map((s) => s.name)).toContain("GitHub GET /repos/{owner}/{repo}/git/trees/{tree_sha}");
    for (const request of github) {
      expect(request.attributes).toMatchObject({
        "http.response.status_code": 200,
        "github.installation_id": installationId,
      });
      expect(typeof request.attributes["github.rate_limit.remaining"]).toBe("number");
    }
    const apply = steps.find((s) => s.attributes["inngest.step"] === "apply")!;
    expect(children(apply).some((s) => s.name.startsWith("prisma:client:"))).toBe(true);

    // The metrics of the same push.
    expect(await sample("allegro_webhook_deliveries_total", { event: "push", outcome: "processed" })).toBe(
      before.deliveries + 1,
    );
    expect(await sample("allegro_webhook_response_seconds", { event: "push" })).toBe(before.responses + 1);
    expect(await sample("allegro_sync_runs_total", { reason: "push", outcome: "succeeded" })).toBe(before.runs + 1);
    expect(await sample("allegro_sync_templates_total", { change: "created" })).toBe(before.created + 2); // first sync of the connection: a.json and b.json
    expect(await sample("allegro_push_to_applied_seconds")).toBe(before.lag + 1);
    expect(
      await sample("allegro_github_requests_total", {
        route: "GET /repos/{owner}/{repo}/git/trees/{tree_sha}",
        status: "200",
      }),
    ).toBe(before.trees + 1);
    expect(getMetrics().rateLimits.get(installationId)).toBeGreaterThan(0);
  });

  it("counts a delivery with a bad signature as bad_signature, under a bounded event label, and writes nothing", async () => {
    const post = (event: string) =>
      fetch(`${world.routes.url}/github/webhooks`, {
        method: "POST",
        body: "{}",
        headers: {
          "x-github-event": event,
          "x-github-delivery": crypto.randomUUID(),
          "x-hub-signature-256": "sha256=00",
        },
      });
    const push = await sample("allegro_webhook_deliveries_total", { event: "push", outcome: "bad_signature" });
    const other = await sample("allegro_webhook_deliveries_total", { event: "other", outcome: "bad_signature" });
    const deliveries = await getDb().webhookDelivery.count();
    expect((await post("push")).status).toBe(401);
    const forged = await post(`made-up-${crypto.randomUUID()}`);
    expect(forged.status).toBe(401);
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await sample("allegro_webhook_deliveries_total", { event: "push", outcome: "bad_signature" })).toBe(
      push + 1,
    );
    expect(await sample("allegro_webhook_deliveries_total", { event: "other", outcome: "bad_signature" })).toBe(
      other + 1,
    );
    const labels = (await getMetrics().registry.getSingleMetric("allegro_webhook_deliveries_total")!.get()).values;
    expect(labels.some((v) => String(v.labels.event).startsWith("made-up"))).toBe(false);
    expect(await getDb().webhookDelivery.count()).toBe(deliveries);
  });
});
