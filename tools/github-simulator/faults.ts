import { json, type Reply } from "./reply";

/** A fault injected on one route (or "*"): applied to matching requests until `times` runs out. */
export type Fault = {
  route: string;
  /** Answer with this status (500, 502, 503, …) instead of the real response. */
  status?: number;
  /** Probability (0..1) that a matching request gets the fault; default 1. */
  errorRate?: number;
  /** Extra latency before answering, in ms. */
  latencyMs?: number;
  /** Never answer (the client's timeout decides). */
  timeout?: boolean;
  /** Drop the connection without an answer, as when GitHub cannot be reached (the client sees a network error). */
  unreachable?: boolean;
  /** Answer 403 with retry-after, as GitHub's secondary rate limit does. */
  secondaryRateLimit?: { retryAfterSeconds: number };
  /** How many matching requests get the fault; default unlimited. */
  times?: number;
};

/** The faults tests inject into the REST API, and the latency added to every API request. */
export class Faults {
  latencyMs = 0;
  private faults: (Fault & { remaining: number })[] = [];

  add(fault: Fault) {
    this.faults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  /** The fault this request gets, if any (consumes one of its `times`). */
  take(route: string): Fault | null {
    for (const fault of this.faults) {
      if (fault.remaining <= 0 || (fault.route !== "*" && fault.route !== route)) continue;
      if (fault.errorRate !== undefined && Math.random() >= fault.errorRate) continue;
      fault.remaining--;
      return fault;
    }
    return null;
  }

  /** How many injected faults have not been used up yet (tests inject the next one when this is 0). */
  pending() {
    return this.faults.filter((fault) => fault.remaining > 0).length;
  }

  reset() {
    this.latencyMs = 0;
    this.faults = [];
  }
}

/** The answer a fault puts in place of the real one (which was still computed and counted). */
export function faultReply(fault: Fault | null, real: Reply): Reply {
  if (fault?.secondaryRateLimit) {
    return json(
      403,
      {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        documentation_url:
          "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      },
      { "retry-after": String(fault.secondaryRateLimit.retryAfterSeconds) },
    );
  }
  if (fault?.status) return json(fault.status, { message: fault.status >= 500 ? "Server Error" : "Simulated failure" });
  return real;
}
