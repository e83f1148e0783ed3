/**
 * Next.js calls register() once when a server starts: start tracing when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set, then hand over any sync requests left in
 * the outbox by a previous process (a crash, a deploy, or Inngest being down
 * when they were accepted).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { observabilitySettings } = await import("./lib/observability/settings");
  const settings = observabilitySettings();
  if (settings.otlpEndpoint) {
    const { startTracing } = await import("./lib/observability/otel");
    const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
    // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and _HEADERS) itself and posts to <endpoint>/v1/traces.
    startTracing({ serviceName: settings.serviceName, exporter: new OTLPTraceExporter() });
  }
  const { relayNow } = await import("./inngest/outbox-relay");
  void relayNow();
}
