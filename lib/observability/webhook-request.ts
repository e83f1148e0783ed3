import { randomUUID } from "node:crypto";
import { loggerFor } from "./logger";
import { withLogIds } from "./log-context";
import { getMetrics } from "./metrics";
import { withSpan } from "./tracing";

/** Event names used as metric labels; any other header value counts as "other", so the label set stays bounded. */
const KNOWN_EVENTS = new Set([
  "push",
  "pull_request",
  "check_run",
  "check_suite",
  "installation",
  "installation_repositories",
  "installation_target",
  "repository",
  "github_app_authorization",
  "ping",
]);

const STATUS_OUTCOMES: Record<number, string> = {
  400: "bad_request",
  401: "bad_signature",
  413: "too_large",
  500: "failed",
  503: "not_configured",
};

/** The outcome the route answered (processed, ignored, duplicate…), or what its status means. */
async function outcomeOf(response: Response): Promise<string> {
  if (response.status >= 200 && response.status < 300) {
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as { status?: unknown } | null;
    if (typeof body?.status === "string" && /^[a-z_]{1,32}$/.test(body.status)) return body.status;
    return "accepted";
  }
  return STATUS_OUTCOMES[response.status] ?? `http_${response.status}`;
}

const header = (request: Request, name: string) => {
  const value = request.headers.get(name);
  return value && /^[\w.:-]{1,100}$/.test(value) ? value : undefined;
};

/**
 * Wraps the webhook route: a request id (X-Request-Id when the proxy sent a sane one), the
 * delivery id and event on every log line of the request, a span, the delivery counter by
 * event and outcome, and the response time histogram.
 */
export async function observeWebhook(request: Request, handle: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const requestId = header(request, "x-request-id") ?? randomUUID();
  const deliveryId = header(request, "x-github-delivery");
  const rawEvent = request.headers.get("x-github-event") ?? "";
  const event = KNOWN_EVENTS.has(rawEvent) ? rawEvent : "other";
  return withLogIds({ requestId, deliveryId, githubEvent: event }, () =>
    withSpan(
      "POST /github/webhooks",
      {
        "http.request.method": "POST",
        "http.route": "/github/webhooks",
        "github.event": event,
        "github.delivery": deliveryId ?? "",
      },
      async (span) => {
        const metrics = getMetrics();
        const done = (outcome: string, status: number) => {
          const seconds = (performance.now() - started) / 1000;
          metrics.webhookDeliveries.inc({ event, outcome });
          metrics.webhookResponse.observe({ event }, seconds);
          span.setAttributes({ "http.response.status_code": status, "github.outcome": outcome });
          const log = loggerFor("webhook");
          (status >= 500 ? log.error.bind(log) : log.info.bind(log))(
            { status, outcome, durationMs: Math.round(seconds * 1000) },
            "webhook delivery answered",
          );
        };
        let response: Response;
        try {
          response = await handle();
        } catch (error) {
          done("failed", 500);
          throw error;
        }
        done(await outcomeOf(response), response.status);
        response.headers.set("x-request-id", requestId);
        return response;
      },
    ),
  );
}
