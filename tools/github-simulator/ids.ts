export type Kind = "account" | "repository" | "installation" | "request" | "pull" | "check";

/** The simulator's id sequences, one per kind of object. */
export class IdSequences {
  // GitHub's ids are unique across all of GitHub; simulators started by different
  // test files share one database, so each starts its sequences at a random base.
  private readonly last: Record<Kind, number>;

  constructor() {
    const base = 1000 + Math.floor(Math.random() * 2_000_000) * 1000;
    this.last = { account: base, repository: base, installation: base, request: 0, pull: base, check: base };
  }

  next(kind: Kind): number {
    return ++this.last[kind];
  }

  /** The last id given out of each kind (what a restarted simulator continues from). */
  snapshot(): Record<Kind, number> {
    return { ...this.last };
  }

  restore(last: Partial<Record<Kind, number>>) {
    // A state written before pull requests and check runs existed has no sequences for them.
    Object.assign(this.last, last);
  }
}
