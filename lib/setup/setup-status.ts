import type { Db } from "../db/client";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { loadGithubConfig } from "../github/config";
import { readStoredRow } from "../github/stored-credentials";
import { loggerFor } from "../observability/logger";

const log = loggerFor("setup");

export type SetupStatus = {
  /** Which GitHub App is in use: the environment's (it wins), the stored one, or none yet. */
  source: "environment" | "database" | "none";
  appId: string | null;
  stored: { name: string; slug: string; ownerLogin: string | null; htmlUrl: string | null; createdAt: string } | null;
  /** A problem reading the stored App (a missing or different ALLEGRO_ENCRYPTION_KEY). */
  problem: string | null;
  encryptionKeySet: boolean;
  githubWebUrl: string;
  appUrl: string;
  production: boolean;
};

/** What /setup/github shows the operator; no secret leaves this function. */
export async function getSetupStatus(db: Db): Promise<SetupStatus> {
  const env = getEnv();
  const row = await readStoredRow(db);
  let problem: string | null = null;
  const config = await loadGithubConfig(db).catch((error: unknown) => {
    // AppError messages are written for the operator; anything else (a key that does not open
    // the stored secrets) gets a sentence, its text stays in the server log.
    if (error instanceof AppError) problem = error.message;
    else {
      log.error({ err: error }, "the stored GitHub App cannot be read");
      problem =
        "The stored GitHub App cannot be decrypted with ALLEGRO_ENCRYPTION_KEY: set the key it was stored with, or forget the stored credentials and create the App again.";
    }
    return null;
  });
  return {
    source: env.github ? "environment" : row ? "database" : "none",
    appId: config?.appId ?? row?.appId.toString() ?? null,
    stored: row
      ? {
          name: row.name,
          slug: row.slug,
          ownerLogin: row.ownerLogin,
          htmlUrl: row.htmlUrl,
          createdAt: row.createdAt.toISOString(),
        }
      : null,
    problem,
    encryptionKeySet: env.encryptionKey !== null,
    githubWebUrl: env.githubHost.webUrl,
    appUrl: env.appUrl,
    production: env.mode === "production",
  };
}
