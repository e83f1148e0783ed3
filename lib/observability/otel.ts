import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { PrismaInstrumentation } from "@prisma/instrumentation";

/**
 * Registers the process's tracer provider (instrumentation.ts calls it when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set; tests pass an in-memory exporter). Prisma's own
 * instrumentation adds a span per query, under the span of the request or step that made it.
 */
export function startTracing({
  serviceName,
  exporter,
  batch = true,
}: {
  serviceName: string;
  exporter: SpanExporter;
  /** Batch in production; tests export each span as it ends. */
  batch?: boolean;
}): { shutdown: () => Promise<void> } {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [batch ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter)],
  });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [new PrismaInstrumentation()],
  });
  return {
    shutdown: async () => {
      unregister();
      await provider.shutdown();
    },
  };
}
