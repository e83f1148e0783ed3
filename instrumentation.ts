/**
 * Next.js calls register() once when a server starts: start tracing when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set, hand over any sync requests left in the
 * outbox by a previous process (a crash, a deploy, or Inngest being down when
 * they were accepted), then keep relaying on the process's own clock
 * (ALLEGRO_RELAY_INTERVAL_MS; 0 turns it off), and recover the webhook
 * deliveries GitHub could not make meanwhile. Never during `next build`,
 * which loads this file too.
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
  const { relayNow, startRelayTimer } = await import("./inngest/outbox-relay");
  void relayNow();
  startRelayTimer();
  // And ask GitHub again for the deliveries that failed while no server answered.
  void (await import("./lib/github-sync/recovery/at-start")).recoverSoonAfterStart();
  // Credentials stored by the one-click setup, for code that reads the App without loading it first.
  const { loadGithubConfig } = await import("./lib/github/config");
  void loadGithubConfig().catch(() => {});
}
