import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { ensureDatabase, startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { runMigrations } from "../../lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated database; with the embedded server, the template each worker's database is copied from. */
    databaseUrl: string;
    /** A URL on the same server with rights to create scratch databases. */
    serverUrl: string;
    /** Whether tests/setup/env.ts gives each worker a copy of `databaseUrl` (embedded server only). */
    databasePerWorker: boolean;
  }
}

/**
 * Real PostgreSQL for every test: DATABASE_URL when set, otherwise an embedded
 * server in .data/test. Each run gets a fresh migrated database, dropped afterwards.
 * On the embedded server each Vitest worker works in its own copy of it (files
 * running at the same time never share one: the outbox relay drains every row of
 * its database, so a file's sync requests must not be relayed by another file's
 * process); tests create their own rows with unique ids and never wipe shared state.
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
  project.provide("databasePerWorker", !external);

  return async () => {
    if (server) {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      const { rows } = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2",
        [name, `${name}\\_w%`],
      );
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
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
