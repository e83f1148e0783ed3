import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { ensureDatabase, startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { runMigrations } from "../../lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    /** A URL on the same server with rights to create scratch databases. */
    serverUrl: string;
  }
}

/**
 * Real PostgreSQL for every test: DATABASE_URL when set, otherwise an embedded
 * server in .data/test. Each run gets a fresh database, dropped afterwards;
 * tests create their own rows with unique ids and never wipe shared state.
 */
export default async function setup(project: TestProject) {
  keepTheRunsExitCode();
  const external = process.env.DATABASE_URL;
  const server = external ? null : await startEmbeddedPostgres({ dataDir: ".data/test" });
  const serverUrl = external ?? server!.serverUrl;
  const name = `test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const databaseUrl = external ?? (await ensureDatabase(serverUrl, name));
  await runMigrations(databaseUrl);
  project.provide("databaseUrl", databaseUrl);
  project.provide("serverUrl", serverUrl);

  return async () => {
    if (server) {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      await server.stop();
    }
  };
}

/**
 * `embedded-postgres` registers `async-exit-hook`, whose `beforeExit` handler calls
 * `process.exit(0)` in this (Vitest's main) process after Vitest has set `process.exitCode = 1`
 * for failed tests: a failing run then exited 0 and CI went on as if it had passed. Keep the
 * run's own code when something exits with 0 after it was set.
 */
function keepTheRunsExitCode() {
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => exit(code || process.exitCode || 0)) as typeof process.exit;
}
