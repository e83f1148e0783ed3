import type { Installation } from "./model";
import { json, type Reply } from "./reply";

const WINDOW_MS = 3600_000;

/**
 * GitHub's primary rate limit for an installation: `rateLimit` requests per hour window.
 * Spends one request; answers 403 instead when the window is spent.
 */
export function spendRateLimit(installation: Installation, now: number): Reply | null {
  if (now >= installation.windowResetAt) {
    installation.used = 0;
    installation.windowResetAt = now + WINDOW_MS;
  }
  if (installation.used >= installation.rateLimit) {
    return json(403, {
      message: `API rate limit exceeded for installation ID ${installation.id}.`,
      documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
    });
  }
  installation.used++;
  return null;
}

/** Gives back the request `spendRateLimit` took: GitHub does not count a conditional request answered 304. */
export function refundRateLimit(installation: Installation) {
  installation.used = Math.max(0, installation.used - 1);
}

/** Sets an installation's limit; `remaining: 0` spends it until `resetInSeconds`. */
export function setRateLimit(
  installation: Installation,
  { limit, remaining, resetInSeconds = 3600 }: { limit?: number; remaining?: number; resetInSeconds?: number },
  now: number,
) {
  if (limit !== undefined) installation.rateLimit = limit;
  installation.windowResetAt = now + resetInSeconds * 1000;
  installation.used = remaining === undefined ? 0 : installation.rateLimit - remaining;
}

/** The x-ratelimit-* headers of every API answer (an unauthenticated caller sees a fresh window). */
export function rateLimitHeaders(installation: Installation | null, now: number): Record<string, string> {
  const limit = installation?.rateLimit ?? 5000;
  const used = installation?.used ?? 0;
  const reset = Math.ceil((installation?.windowResetAt ?? now + WINDOW_MS) / 1000);
  return {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(Math.max(0, limit - used)),
    "x-ratelimit-reset": String(reset),
    "x-ratelimit-used": String(Math.min(used, limit)),
    "x-ratelimit-resource": "core",
  };
}
