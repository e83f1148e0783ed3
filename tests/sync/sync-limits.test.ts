import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { EnvError, parseEnv } from "@/lib/env";
import {
  connectedTenant,
  latestRun,
  runSync,
  startSyncWorld,
  templatesOf,
  type SyncWorld,
} from "../helpers/sync-world";

const MB = 1024 * 1024;

let world: SyncWorld;
beforeAll(async () => {
  // Lowered limits for this file's process; the env is parsed on first use, after this.
  process.env.SYNC_MAX_ARCHIVE_BYTES = String(2 * MB);
  process.env.SYNC_MAX_ARCHIVE_ENTRIES = "3000";
  process.env.SYNC_MAX_TEMPLATES = "50";
  world = await startSyncWorld();
});
afterAll(() => world.stop());
afterEach(() => world.sim.resetTraffic());

const doc = (name: string) => JSON.stringify({ name });

/** Runs a sync, sampling the event loop: the longest gap between 10 ms timer ticks. */
async function syncWatchingEventLoop(t: Awaited<ReturnType<typeof connectedTenant>>) {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  try {
    return { run: await runSync(world, t.request("connect")), longestGapMs: longest };
  } finally {
    clearInterval(timer);
  }
}

async function expectFailedRun(t: Awaited<ReturnType<typeof connectedTenant>>, message: RegExp) {
  expect(await latestRun(t.actor.tenantId)).toMatchObject({ status: "failed", error: expect.stringMatching(message) });
  expect(await templatesOf(t.actor.tenantId)).toEqual([]);
  // A per-run error: the connection is not marked broken, so the next push syncs again.
  const connection = await getDb().githubAppInstallation.findUniqueOrThrow({
    where: { installationId: BigInt(t.installation!.id) },
  });
  expect(connection.brokenReason).toBeNull();
}

describe("limits of one sync", () => {
  it("stops a gzip bomb (a tiny archive expanding past the limit) with a clear error, without stalling", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A"), "zeros.bin": Buffer.alloc(24 * MB) });
    t.repo.truncateTreesAt = 1;
    const { run, longestGapMs } = await syncWatchingEventLoop(t);
    expect(run.status).toBe("failed");
    expect(run.failures).toEqual([
      expect.objectContaining({
        step: "read-tree",
        name: "NonRetriableError",
        message: expect.stringMatching(/expands past 2 MB/),
      }),
    ]);
    expect(longestGapMs).toBeLessThan(1000);
    await expectFailedRun(t, /^The repository's archive expands past 2 MB \(the limit for one sync\)/);
  });

  it("stops an oversized archive (incompressible content past the limit) with the same clear error", async () => {
    const t = await connectedTenant(world, { "data.bin": randomBytes(3 * MB), ...manyFiles(60, "t") });
    const run = await runSync(world, t.request("connect"));
    expect(run.status).toBe("failed");
    // 60 template files pass the limit of 50 before anything is downloaded; with 45 (over 40 to fetch),
    // fetch-files takes the tarball, which is too large.
    expect(run.failures).toEqual([
      expect.objectContaining({
        step: "read-tree",
        name: "NonRetriableError",
        message: expect.stringMatching(/more than 50 template files/),
      }),
    ]);
    const big = await connectedTenant(world, { "data.bin": randomBytes(3 * MB), ...manyFiles(45, "t") });
    const second = await runSync(world, big.request("connect"));
    expect(second.failures).toEqual([
      expect.objectContaining({
        step: "fetch-files",
        name: "NonRetriableError",
        message: expect.stringMatching(/expands past 2 MB/),
      }),
    ]);
    await expectFailedRun(big, /expands past 2 MB/);
  });

  it("stops an archive with more entries than the limit", async () => {
    // Empty files: 3,100 entries take 512-byte headers only, well under the 2 MB.
    const t = await connectedTenant(world, { ...manyFiles(3100, "f", ".txt"), "a.json": doc("A") });
    t.repo.truncateTreesAt = 1;
    const run = await runSync(world, t.request("connect"));
    expect(run.status).toBe("failed");
    await expectFailedRun(t, /^The repository's archive has more than 3,000 entries/);
  });

  it("refuses more templates than an organization may have, whether listed by the tree or the tarball", async () => {
    for (const truncate of [false, true]) {
      const t = await connectedTenant(world, manyFiles(51, "t"));
      if (truncate) t.repo.truncateTreesAt = 1;
      const run = await runSync(world, t.request("connect"));
      expect(run.status).toBe("failed");
      await expectFailedRun(
        t,
        /^There are more than 50 template files \(\.json\) in the repository, the limit per organization/,
      );
    }
    const atLimit = await connectedTenant(world, manyFiles(50, "t"));
    await runSync(world, atLimit.request("connect"));
    expect(await latestRun(atLimit.actor.tenantId)).toMatchObject({ status: "succeeded", created: 50 });
  });
});

describe("SYNC_MAX_* variables", () => {
  const base = { DATABASE_URL: "postgresql://x/y", SESSION_SECRET: "s".repeat(32) };
  it("are optional, parsed as positive whole numbers, and refused otherwise with the variable named", () => {
    expect(parseEnv(base).syncLimits).toEqual({});
    expect(parseEnv({ ...base, SYNC_MAX_ARCHIVE_BYTES: "1048576", SYNC_MAX_TEMPLATES: "10" }).syncLimits).toEqual({
      maxArchiveBytes: 1048576,
      maxTemplates: 10,
    });
    for (const bad of ["0", "-1", "1.5", "lots"]) {
      expect(() => parseEnv({ ...base, SYNC_MAX_ARCHIVE_ENTRIES: bad })).toThrow(EnvError);
      expect(() => parseEnv({ ...base, SYNC_MAX_ARCHIVE_ENTRIES: bad })).toThrow(
        /SYNC_MAX_ARCHIVE_ENTRIES must be a positive whole number/,
      );
    }
  });
});

function manyFiles(count: number, prefix: string, extension = ".json") {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `${prefix}/${i}${extension}`,
      extension === ".json" ? doc(`${prefix}${i}`) : "",
    ]),
  );
}
