import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "allegro-embedded-"));
// As root the server runs as the `postgres` user, which must be able to enter the folder.
fs.chmodSync(dataDir, 0o755);
const pidFile = path.join(dataDir, "pgdata", "postmaster.pid");
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function selectOne(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query("SELECT 1 AS one")).rows[0].one;
  } finally {
    await client.end();
  }
}

/** What a killed run leaves behind: the lock file of a server that is gone, naming `pid`. */
function leaveStaleLock(lockContents: string, pid: number) {
  const [, ...rest] = lockContents.split("\n");
  fs.writeFileSync(pidFile, [String(pid), ...rest].join("\n"));
}

describe("embedded PostgreSQL", () => {
  it("reuses a running server, and recovers a stale lock left by a killed run", async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    expect(await selectOne(first.serverUrl)).toBe(1);

    // A second start on the same folder reuses the running server (and does not own it).
    const second = await startEmbeddedPostgres({ dataDir });
    expect(second.serverUrl).toBe(first.serverUrl);
    await second.stop();
    expect(await selectOne(first.serverUrl)).toBe(1);

    const lock = fs.readFileSync(pidFile, "utf8");
    await first.stop();
    expect(fs.existsSync(pidFile)).toBe(false);

    // The lock names a process that no longer exists.
    const exited = spawnSync("true").pid!;
    leaveStaleLock(lock, exited);
    const afterCrash = await startEmbeddedPostgres({ dataDir });
    expect(await selectOne(afterCrash.serverUrl)).toBe(1);
    await afterCrash.stop();

    // The pid was reused by another process of the server's own user (another
    // embedded cluster, say): PostgreSQL alone refuses to start on such a lock.
    const asServerUser =
      process.getuid?.() === 0
        ? {
            uid: Number(spawnSync("id", ["-u", "postgres"]).stdout),
            gid: Number(spawnSync("id", ["-g", "postgres"]).stdout),
          }
        : {};
    const squatter = spawn("sleep", ["60"], asServerUser);
    try {
      leaveStaleLock(lock, squatter.pid!);
      const afterReuse = await startEmbeddedPostgres({ dataDir });
      expect(await selectOne(afterReuse.serverUrl)).toBe(1);
      await afterReuse.stop();
    } finally {
      squatter.kill();
    }
  });
});
