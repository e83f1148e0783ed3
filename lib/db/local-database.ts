import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded-postgres";
import { runMigrations } from "./migrate";

export type LocalDatabase = { url: string; embedded: boolean; stop(): Promise<void> };

/**
 * DATABASE_URL set: that server, as is. Unset: an embedded PostgreSQL with its
 * data in `dataDir`, migrated to the latest schema.
 */
export async function resolveDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  log: (line: string) => void;
}): Promise<LocalDatabase> {
  if (options.databaseUrl) return { url: options.databaseUrl, embedded: false, stop: async () => {} };
  const server = await startEmbeddedPostgres({ dataDir: options.dataDir, log: options.log });
  const url = await ensureDatabase(server.serverUrl, "allegro");
  options.log("applying migrations");
  await runMigrations(url);
  return { url, embedded: true, stop: () => server.stop() };
}

/** A development ALLEGRO_ENCRYPTION_KEY kept per data folder: stored GitHub App secrets survive restarts. */
export function developmentEncryptionKey(dataDir: string, log: (line: string) => void): string {
  const file = path.resolve(dataDir, "encryption-key");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString("base64");
  fs.writeFileSync(file, key, { mode: 0o600 });
  log(
    `ALLEGRO_ENCRYPTION_KEY is not set: generated a development key in ${file} (set ALLEGRO_ENCRYPTION_KEY in production)`,
  );
  return key;
}

/** A development session secret kept per data folder, so sessions survive restarts. */
export function developmentSessionSecret(dataDir: string, log: (line: string) => void): string {
  const file = path.resolve(dataDir, "session-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  log(`SESSION_SECRET is not set: generated a development secret in ${file} (set SESSION_SECRET in production)`);
  return secret;
}
