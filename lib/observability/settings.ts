/**
 * Operations settings, read once from the environment. Kept apart from lib/env.ts on purpose:
 * logging, metrics and tracing must work (and explain) even when the app's own configuration
 * is invalid, so reading them can never throw.
 */
export type ObservabilitySettings = {
  production: boolean;
  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  logLevel: string;
  /** `json` (one object per line) or `pretty` (readable lines); JSON in production unless LOG_FORMAT says otherwise. */
  logFormat: "json" | "pretty";
  /** Bearer token for GET /api/metrics; in production the endpoint answers 404 while it is unset. */
  metricsToken: string | null;
  /** OTLP endpoint for traces; tracing is off while it is unset. */
  otlpEndpoint: string | null;
  serviceName: string;
};

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

export function readObservabilitySettings(source: Record<string, string | undefined>): ObservabilitySettings {
  const production = source.NODE_ENV === "production";
  const level = source.LOG_LEVEL?.toLowerCase();
  const format = source.LOG_FORMAT?.toLowerCase();
  return {
    production,
    logLevel: level && LEVELS.has(level) ? level : source.NODE_ENV === "test" ? "silent" : "info",
    logFormat: format === "json" || format === "pretty" ? format : production ? "json" : "pretty",
    metricsToken: source.METRICS_TOKEN?.length ? source.METRICS_TOKEN : null,
    otlpEndpoint: source.OTEL_EXPORTER_OTLP_ENDPOINT?.length ? source.OTEL_EXPORTER_OTLP_ENDPOINT : null,
    serviceName: source.OTEL_SERVICE_NAME?.length ? source.OTEL_SERVICE_NAME : "allegro",
  };
}

let cached: ObservabilitySettings | undefined;

export function observabilitySettings(): ObservabilitySettings {
  cached ??= readObservabilitySettings(process.env);
  return cached;
}
