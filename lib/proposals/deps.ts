import { randomBytes } from "node:crypto";
import { getDb, type Db } from "../db/client";
import { getEnv } from "../env";
import { loadGithubApp } from "../github/app";
import type { GithubClient } from "../github/octokit";

/**
 * What proposing needs from outside (like lib/sync/deps.ts): the database, an installation
 * client, the clock, Allegro's own URL (the pull request links back to the template) and the
 * short id of a new branch. Tests and the bench pass their own.
 */
export type ProposalDeps = {
  db: Db;
  installationClient: (installationId: string) => Promise<GithubClient>;
  now: () => Date;
  appUrl: string;
  shortId: () => string;
};

export const randomShortId = () => randomBytes(4).toString("hex").slice(0, 7);

/** The process's database and GitHub App. No in-process retries: a retried POST could write twice. */
export function defaultProposalDeps(): ProposalDeps {
  return {
    db: getDb(),
    installationClient: async (installationId) =>
      (await loadGithubApp("job")).getInstallationOctokit(Number(installationId)),
    now: () => new Date(),
    appUrl: getEnv().appUrl,
    shortId: randomShortId,
  };
}
