import { SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

/**
 * Spans through the OpenTelemetry API: without a registered provider (OTEL_EXPORTER_OTLP_ENDPOINT
 * unset) they are no-ops that cost next to nothing.
 */
export const tracer = () => trace.getTracer("allegro");

/** Runs `work` in a span named `name`; an exception marks the span as an error and is rethrown. */
export async function withSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
      throw error;
    } finally {
      span.end();
    }
  });
}
