import { getDb, type Db } from "../db/client";
import { getEnv } from "../env";
import { loadGithubApp } from "../github/app";
import type { createGithubApp, GithubClient } from "../github/octokit";
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

/** Deps on a given database and GitHub App (its installation clients), with the real clock. */
export function syncDepsFor(
  db: Db,
  githubApp: () => ReturnType<typeof createGithubApp> | Promise<ReturnType<typeof createGithubApp>>,
  limits?: Partial<SyncLimits>,
): SyncDeps {
  return {
    db,
    installationClient: async (installationId) => (await githubApp()).getInstallationOctokit(Number(installationId)),
    now: () => new Date(),
    limits,
  };
}

/** The process's own database, GitHub App (read when first needed) and clock. */
export function defaultSyncDeps(): SyncDeps {
  return syncDepsFor(getDb(), () => loadGithubApp("job"), getEnv().syncLimits);
}
