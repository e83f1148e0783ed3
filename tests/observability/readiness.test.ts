import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as healthRoute from "@/app/api/health/route";
import * as readyRoute from "@/app/api/ready/route";
import { createDb, getDb } from "@/lib/db/client";
import { EnvError, parseEnv } from "@/lib/env";
import { cachedReadiness, checkReadiness, type Readiness } from "@/lib/observability/readiness";
import { startRouteServer } from "../../tools/route-server";

const pem = generateKeyPairSync("rsa", { modulusLength: 1024 })
  .privateKey.export({ type: "pkcs1", format: "pem" })
  .toString();
const webhookSecret = "readiness-webhook-secret-0123";
const configured = () =>
  parseEnv({
    DATABASE_URL: process.env.DATABASE_URL,
    SESSION_SECRET: process.env.SESSION_SECRET,
    GITHUB_APP_ID: "4242",
    GITHUB_APP_PRIVATE_KEY: pem,
    GITHUB_WEBHOOK_SECRET: webhookSecret,
    GITHUB_APP_URL: "https://github.com/apps/allegro/installations/new",
  });
const migrationsDir = path.resolve(import.meta.dirname, "../../prisma/migrations");
const byName = (readiness: Readiness) => Object.fromEntries(readiness.checks.map((c) => [c.name, c]));

describe("readiness checks", () => {
  it("ready when PostgreSQL answers, every migration is applied and the GitHub App is configured", async () => {
    const readiness = await checkReadiness({ db: getDb, env: configured, migrationsDir });
    expect(readiness.ready).toBe(true);
    expect(byName(readiness)).toMatchObject({
      database: { ok: true },
      migrations: { ok: true, detail: expect.stringMatching(/^all \d+ migrations applied$/) },
      github: { ok: true, detail: "GitHub App 4242 on https://api.github.com" },
    });
  });

  it("names an unreachable database (and so unknown migrations) without its URL or password", async () => {
    const url = "postgresql://allegro:hunter2-secret-password@127.0.0.1:1/allegro";
    const db = createDb(url);
    try {
      const readiness = await checkReadiness({ db: () => db, env: configured, migrationsDir, timeoutMs: 3000 });
      expect(readiness.ready).toBe(false);
      expect(byName(readiness)).toMatchObject({
        database: { ok: false },
        migrations: { ok: false },
        github: { ok: true },
      });
      expect(JSON.stringify(readiness)).not.toMatch(/hunter2|127\.0\.0\.1/);
    } finally {
      await db.$disconnect();
    }
  });

  it("names migrations the database has not applied", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
    for (const name of fs.readdirSync(migrationsDir))
      fs.cpSync(path.join(migrationsDir, name), path.join(dir, name), { recursive: true });
    fs.mkdirSync(path.join(dir, "29990101000000_from_the_future"));
    fs.writeFileSync(path.join(dir, "29990101000000_from_the_future", "migration.sql"), "SELECT 1;");
    const readiness = await checkReadiness({ db: getDb, env: configured, migrationsDir: dir });
    expect(readiness.ready).toBe(false);
    expect(byName(readiness).migrations).toMatchObject({
      ok: false,
      detail: expect.stringMatching(
        /^1 of \d+ migrations not applied \(29990101000000_from_the_future\): run npm run db:migrate$/,
      ),
    });
    expect(byName(readiness).database!.ok).toBe(true);
  });

  it("names an invalid or missing GitHub configuration, never a secret value", async () => {
    const invalid = await checkReadiness({
      db: getDb,
      migrationsDir,
      env: () =>
        parseEnv({
          DATABASE_URL: process.env.DATABASE_URL,
          SESSION_SECRET: process.env.SESSION_SECRET,
          GITHUB_APP_ID: "4242",
          GITHUB_APP_PRIVATE_KEY: pem.replace(/\n/g, "\\n"),
          GITHUB_WEBHOOK_SECRET: webhookSecret,
          GITHUB_APP_URL: "https://github.com/apps/allegro/installations/new",
        }),
    });
    expect(invalid.ready).toBe(false);
    expect(byName(invalid).github!.detail).toMatch(/GITHUB_APP_PRIVATE_KEY contains literal "\\n"/);
    expect(JSON.stringify(invalid)).not.toContain(pem.split("\n")[1]!);
    expect(JSON.stringify(invalid)).not.toContain(webhookSecret);

    const missing = await checkReadiness({
      db: getDb,
      migrationsDir,
      env: () => parseEnv({ DATABASE_URL: process.env.DATABASE_URL, SESSION_SECRET: process.env.SESSION_SECRET }),
    });
    expect(byName(missing).github).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^GitHub App not configured: set GITHUB_APP_ID/),
    });
    expect(() => parseEnv({})).toThrow(EnvError);
  });

  it("answers from its cache for a few seconds, so probes cannot overload the database (fake clock)", async () => {
    let clock = 1_000_000;
    let checks = 0;
    const probe = cachedReadiness(
      async () => {
        checks++;
        return { ready: true, checks: [] };
      },
      { ttlMs: 5000, now: () => clock },
    );
    await Promise.all(Array.from({ length: 50 }, () => probe()));
    clock += 4999;
    await probe();
    expect(checks).toBe(1);
    clock += 1;
    await probe();
    expect(checks).toBe(2);
  });

  it("does not keep a check that threw: the next probe tries again", async () => {
    let calls = 0;
    const probe = cachedReadiness(async () => {
      calls++;
      if (calls === 1) throw new Error("boom");
      return { ready: true, checks: [] };
    });
    await expect(probe()).rejects.toThrow("boom");
    await expect(probe()).resolves.toMatchObject({ ready: true });
  });
});

describe("GET /api/health and GET /api/ready over HTTP", () => {
  let server: Awaited<ReturnType<typeof startRouteServer>>;
  beforeAll(async () => {
    server = await startRouteServer({ "/api/health": healthRoute, "/api/ready": readyRoute });
  });
  afterAll(() => server.close());

  it("health answers 200 {status: ok}", async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("ready answers 503 naming the failing check (this test process has no GitHub App) and no secret", async () => {
    const response = await fetch(`${server.url}/api/ready`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; checks: { name: string; ok: boolean }[] };
    expect(body.status).toBe("not_ready");
    expect(body.checks.map((c) => [c.name, c.ok])).toEqual([
      ["database", true],
      ["migrations", true],
      ["github", false],
    ]);
    expect(JSON.stringify(body)).not.toContain(process.env.SESSION_SECRET!);
    expect(JSON.stringify(body)).not.toContain(process.env.DATABASE_URL!);
  });
});
