export type Counters = {
  total: number;
  byRoute: Record<string, number>;
  byInstallation: Record<string, number>;
  /** Answers by HTTP status ("200", "304", …; "0" when none was sent). */
  byStatus: Record<string, number>;
  /** Requests that carried If-None-Match (conditional reads), whatever the answer. */
  conditional: number;
  /** Requests each installation's primary rate limit was charged for (a 304 is not: conditional.ts). */
  rateLimitByInstallation: Record<string, number>;
};

const empty = (): Counters => ({
  total: 0,
  byRoute: {},
  byInstallation: {},
  byStatus: {},
  conditional: 0,
  rateLimitByInstallation: {},
});
const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/** Counts the REST API requests the simulator answered, per route, per installation and per status. */
export class Traffic {
  private counters = empty();

  record(route: string, installationId: number | null, { status = 0, charged = false, conditional = false } = {}) {
    this.counters.total++;
    if (conditional) this.counters.conditional++;
    bump(this.counters.byRoute, route);
    bump(this.counters.byStatus, String(status));
    if (installationId !== null) {
      bump(this.counters.byInstallation, String(installationId));
      if (charged) bump(this.counters.rateLimitByInstallation, String(installationId));
    }
  }

  snapshot(): Counters {
    return structuredClone(this.counters);
  }

  resetCounters() {
    this.counters = empty();
  }
}
