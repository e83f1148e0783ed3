import { getDb, type Db } from "../db/client";
import { getEnv } from "../env";
import { getGithubApp } from "../github/app";
import type { GithubClient } from "../github/octokit";
import type { SyncLimits } from "./limits";

/**
 * What the sync needs from the outside, passed in rather than reached for, so
 * tests and the benchmark give their own database, GitHub and clock.
 */
export type SyncDeps = {
  db: Db;
  /** An installation client for job steps: no in-process retries (the job's retries replace them). */
  installationClient: (installationId: string) => Promise<GithubClient>;
  now: () => Date;
  /** Overrides of DEFAULT_SYNC_LIMITS (production: the SYNC_MAX_* variables). */
  limits?: Partial<SyncLimits>;
};

/** The process's own database, GitHub App and clock. */
export function defaultSyncDeps(): SyncDeps {
  return {
    db: getDb(),
    installationClient: (installationId) => getGithubApp("job").getInstallationOctokit(Number(installationId)),
    now: () => new Date(),
    limits: getEnv().syncLimits,
  };
}
