export type Counters = {
  total: number;
  byRoute: Record<string, number>;
  byInstallation: Record<string, number>;
};

/** Counts the REST API requests the simulator answered, per route and per installation. */
export class Traffic {
  private counters: Counters = { total: 0, byRoute: {}, byInstallation: {} };

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
}
