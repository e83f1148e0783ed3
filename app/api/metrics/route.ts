import { getDb } from "@/lib/db/client";
import { pointOutboxGaugesAt } from "@/lib/observability/db-gauges";
import { metricsAccess } from "@/lib/observability/metrics-access";
import { getMetrics } from "@/lib/observability/metrics";
import { observabilitySettings } from "@/lib/observability/settings";

export const dynamic = "force-dynamic";

/** GET /api/metrics: Prometheus text format; `Authorization: Bearer <METRICS_TOKEN>` (404 in production without a token). */
export async function GET(request: Request): Promise<Response> {
  const { production, metricsToken } = observabilitySettings();
  const access = metricsAccess(request.headers.get("authorization"), { production, token: metricsToken });
  if (access === "not_found") return new Response("Not Found", { status: 404 });
  if (access === "unauthorized")
    return new Response("Unauthorized", { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } });
  const { registry } = getMetrics();
  pointOutboxGaugesAt(getDb());
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}
