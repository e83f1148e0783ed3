import type { Octokit } from "@octokit/core";
import { getMetrics } from "../observability/metrics";
import { withSpan } from "../observability/tracing";

type Headers = Record<string, string | number | undefined>;

/** The endpoint template (`GET /repos/{owner}/{repo}`), never filled-in values, so the label set stays bounded. */
export function routeOf(method: string, url: string): string {
  const path = url.startsWith("/")
    ? url
        .split("?")[0]!
        .replace(/\/[0-9a-f]{40}(?=\/|$)/g, "/{sha}")
        .replace(/\/\d+(?=\/|$)/g, "/{id}")
    : "{external}";
  return `${method.toUpperCase()} ${path}`;
}

/**
 * An Octokit plugin: a span and a counter for each GitHub request (route, status, rate limit
 * remaining), and the installation's remaining rate limit for the gauge. One place, so every
 * client made by lib/github/octokit.ts is observed, whichever module uses it.
 */
export function observeRequests(octokit: Octokit, options: { auth?: unknown }) {
  const auth = options.auth as { installationId?: number | string } | undefined;
  const installation = auth?.installationId !== undefined ? String(auth.installationId) : "app";
  octokit.hook.wrap("request", async (request, requestOptions) => {
    const route = routeOf(String(requestOptions.method), String(requestOptions.url));
    return withSpan(
      `GitHub ${route}`,
      { "github.route": route, "github.installation_id": installation },
      async (span) => {
        const seen = (status: number, headers: Headers | undefined) => {
          const remaining = headers?.["x-ratelimit-remaining"];
          span.setAttribute("http.response.status_code", status);
          if (remaining !== undefined) {
            span.setAttribute("github.rate_limit.remaining", Number(remaining));
            getMetrics().rateLimits.set(installation, Number(remaining));
          }
          getMetrics().githubRequests.inc({ route, status: String(status) });
        };
        try {
          const response = await request(requestOptions);
          seen(response.status, response.headers as Headers);
          return response;
        } catch (error) {
          const failed = error as { status?: number; response?: { headers?: Headers } };
          seen(typeof failed.status === "number" ? failed.status : 0, failed.response?.headers);
          throw error;
        }
      },
    );
  });
}
