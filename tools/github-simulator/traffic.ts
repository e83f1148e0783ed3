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
  /** Answer 403 with retry-after, as GitHub's secondary rate limit does. */
  secondaryRateLimit?: { retryAfterSeconds: number };
  /** How many matching requests get the fault; default unlimited. */
  times?: number;
};

export type Counters = {
  total: number;
  byRoute: Record<string, number>;
  byInstallation: Record<string, number>;
};

export class Traffic {
  latencyMs = 0;
  private faults: (Fault & { remaining: number })[] = [];
  private counters: Counters = { total: 0, byRoute: {}, byInstallation: {} };

  addFault(fault: Fault) {
    this.faults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  /** The fault this request gets, if any (consumes one of its `times`). */
  takeFault(route: string): Fault | null {
    for (const fault of this.faults) {
      if (fault.remaining <= 0 || (fault.route !== "*" && fault.route !== route)) continue;
      if (fault.errorRate !== undefined && Math.random() >= fault.errorRate) continue;
      fault.remaining--;
      return fault;
    }
    return null;
  }

  record(route: string, installationId: number | null) {
    this.counters.total++;
    this.counters.byRoute[route] = (this.counters.byRoute[route] ?? 0) + 1;
    if (installationId !== null) {
      const key = String(installationId);
      this.counters.byInstallation[key] = (this.counters.byInstallation[key] ?? 0) + 1;
    }
  }

  snapshot(): Counters {
    return structuredClone(this.counters);
  }

  resetCounters() {
    this.counters = { total: 0, byRoute: {}, byInstallation: {} };
  }

  reset() {
    this.latencyMs = 0;
    this.faults = [];
    this.resetCounters();
  }
}
