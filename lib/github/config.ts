import { getDb, type Db } from "../db/client";
import { getEnv, type GithubConfig } from "../env";
import { AppError } from "../errors";
import { decryptRow, readStoredRow, readStoredVersion, type StoredApp } from "./stored-credentials";

export type GithubSource = "environment" | "database";

let stored: { version: bigint; config: GithubConfig; app: StoredApp } | null = null;

/**
 * The GitHub App in use: the environment's when set (it always wins), else the one the
 * manifest flow stored. Each call looks up the stored row's version (one primary-key read),
 * so credentials stored or forgotten by any instance sharing the database apply at once.
 */
export async function loadGithubConfig(db: Db = getDb()): Promise<GithubConfig | null> {
  const env = getEnv();
  if (env.github) return env.github;
  const version = await readStoredVersion(db);
  if (version === null) {
    stored = null;
    return null;
  }
  if (stored?.version === version) return stored.config;
  const row = await readStoredRow(db);
  if (!row) {
    stored = null;
    return null;
  }
  if (!env.encryptionKey)
    throw new AppError(
      "unavailable",
      "GitHub App credentials are stored in the database, but ALLEGRO_ENCRYPTION_KEY is not set: set the key they were stored with.",
    );
  const app = decryptRow(row, env.encryptionKey);
  stored = { version: row.version, config: configFor(app, env.githubHost), app };
  return stored.config;
}

/** The configuration last loaded (the environment's, or the stored one), without a database read. */
export function currentGithubConfig(): GithubConfig | null {
  return getEnv().github ?? stored?.config ?? null;
}

/** Which source is in use after `loadGithubConfig`, for the setup page. */
export function currentGithubSource(): GithubSource | null {
  if (getEnv().github) return "environment";
  return stored ? "database" : null;
}

function configFor(app: StoredApp, host: { webUrl: string; apiUrl: string }): GithubConfig {
  return {
    appId: app.appId,
    privateKey: app.privateKey,
    webhookSecret: app.webhookSecret,
    appUrl: `${host.webUrl}/apps/${app.slug}/installations/new`,
    apiUrl: host.apiUrl,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    webUrl: host.webUrl,
    slug: app.slug,
  };
}
