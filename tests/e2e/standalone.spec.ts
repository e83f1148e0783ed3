import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import { createDb, type Db } from "../../lib/db/client";
import { resolveDatabase, type LocalDatabase } from "../../lib/db/local-database";
import { runMigrations } from "../../lib/db/migrate";
import { prepareStandalone, STANDALONE_DIR } from "../../scripts/standalone-assets";
import { expect, test } from "./fixtures";

/**
 * The artifact the Dockerfile ships, run as the container runs it: `node server.js` inside
 * `.next/standalone` (after `next build`, with `.next/static` copied next to it), NODE_ENV
 * production, a production environment and PostgreSQL. Docker itself cannot run here.
 */
const port = Number(process.env.E2E_PORT ?? 3100) + 6;
const base = `http://127.0.0.1:${port}`;
const webhookSecret = "standalone-webhook-secret-0123456789";
const installationId = 900_000 + Math.floor(Math.random() * 99_999);

let database: LocalDatabase;
let db: Db;
let server: ChildProcess;
let output = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  prepareStandalone();
  database = await resolveDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: ".data/e2e-standalone",
    log: () => {},
  });
  if (!database.embedded) await runMigrations(database.url);
  db = createDb(database.url);
  const tenant = await db.tenant.create({ data: { name: "Standalone", slug: `standalone-${randomUUID()}` } });
  await db.githubAppInstallation.create({
    data: {
      installationId: BigInt(installationId),
      tenantId: tenant.id,
      accountLogin: "standalone",
      repository: "standalone/templates",
      repositoryId: BigInt(installationId),
      defaultBranch: "main",
      linkedAt: new Date(),
    },
  });

  const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs1", format: "pem" })
    .toString();
  // Only what a container gets: no inherited NODE_OPTIONS, dev flags or test variables.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    HOSTNAME: "127.0.0.1",
    PORT: String(port),
    NEXT_TELEMETRY_DISABLED: "1",
    ALLEGRO_CLIENT_ADDRESS_HOOK: "1",
    DATABASE_URL: database.url,
    SESSION_SECRET: "a-production-secret-of-sufficient-length-0123",
    APP_URL: "https://allegro.example",
    INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef",
    INNGEST_EVENT_KEY: "event-key",
    // Nothing listens there: the relay's hand-off fails and leaves the row for later, as it should.
    INNGEST_BASE_URL: "http://127.0.0.1:9",
    GITHUB_APP_ID: "123",
    GITHUB_APP_PRIVATE_KEY: privateKey,
    GITHUB_WEBHOOK_SECRET: webhookSecret,
    GITHUB_APP_URL: "https://github.com/apps/allegro-standalone/installations/new",
    GITHUB_APP_CLIENT_ID: "Iv1.standalone",
    GITHUB_APP_CLIENT_SECRET: "standalone-client-secret",
    METRICS_TOKEN: "standalone-metrics-token",
  };
  // The Dockerfile's CMD: node --import ./client-address-hook.mjs server.js
  server = spawn(process.execPath, ["--import", "./client-address-hook.mjs", "server.js"], {
    cwd: STANDALONE_DIR,
    env,
  });
  server.stdout!.on("data", (chunk) => (output += chunk));
  server.stderr!.on("data", (chunk) => (output += chunk));
  await expect
    .poll(
      () =>
        fetch(`${base}/api/health`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 60_000, message: output },
    )
    .toBe(200);
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  await db?.$disconnect();
  await database?.stop();
});

const push = (after: string) => ({
  ref: "refs/heads/main",
  before: "0".repeat(40),
  after,
  deleted: false,
  created: false,
  forced: false,
  commits: [],
  head_commit: null,
  repository: { id: installationId, full_name: "standalone/templates", default_branch: "main" },
  installation: { id: installationId },
  sender: { login: "someone" },
});

async function postPush(payload: unknown, signature?: string) {
  const body = JSON.stringify(payload);
  const delivery = randomUUID();
  const response = await fetch(`${base}/github/webhooks`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": "push",
      "x-github-delivery": delivery,
      "x-hub-signature-256": signature ?? (await sign(webhookSecret, body)),
    },
  });
  return { delivery, status: response.status, body: await response.text() };
}

test("/api/ready answers 200: PostgreSQL, every migration (traced into the output) and the GitHub App", async () => {
  const response = await fetch(`${base}/api/ready`);
  const body = await response.text();
  expect(response.status, body).toBe(200);
  const checks = (JSON.parse(body) as { checks: { name: string; ok: boolean }[] }).checks;
  expect(checks.map((check) => [check.name, check.ok])).toEqual([
    ["database", true],
    ["migrations", true],
    ["github", true],
  ]);
});

test("a signed push is answered 2xx and recorded with its sync request; a forged one is 401 and records nothing", async () => {
  const forged = await postPush(push("a".repeat(40)), `sha256=${"0".repeat(64)}`);
  expect(forged.status).toBe(401);
  expect(await db.webhookDelivery.count({ where: { id: forged.delivery } })).toBe(0);

  const signed = await postPush(push("b".repeat(40)));
  expect(signed.status, signed.body).toBeGreaterThanOrEqual(200);
  expect(signed.status, signed.body).toBeLessThan(300);
  expect(await db.webhookDelivery.findUnique({ where: { id: signed.delivery } })).toMatchObject({ event: "push" });
  const outbox = await db.syncOutbox.findMany({ where: { installationId: BigInt(installationId) } });
  expect(outbox.map((row) => row.request)).toEqual([expect.objectContaining({ commit: "b".repeat(40) })]);
});

test("pages load with their static assets (.next/static copied next to server.js)", async ({ page }) => {
  const failed: string[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/_next/static/") && response.status() !== 200) failed.push(response.url());
  });
  const response = await page.goto(`${base}/login`);
  expect(response?.status()).toBe(200);
  const assets = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>("script[src], link[rel=stylesheet]")].map(
      (el) => ("src" in el && el.src ? el.src : (el as HTMLLinkElement).href),
    ),
  );
  expect(assets.filter((url) => url.includes("/_next/static/")).length).toBeGreaterThan(0);
  for (const url of assets.filter((u) => u.includes("/_next/static/")))
    expect((await fetch(url)).status, url).toBe(200);
  expect(failed).toEqual([]);
});

test("/api/metrics needs the bearer token in production; logs are JSON lines", async () => {
  expect((await fetch(`${base}/api/metrics`)).status).toBe(401);
  const metrics = await fetch(`${base}/api/metrics`, { headers: { authorization: "Bearer standalone-metrics-token" } });
  expect(metrics.status).toBe(200);
  expect(await metrics.text()).toMatch(/allegro_webhook_deliveries_total\{event="push",outcome="[^"]+"\} 1/);
  // The relay's refused hand-off (nothing listens at INNGEST_BASE_URL) was logged: as one JSON object per line.
  const logLines = output.split("\n").filter((line) => line.startsWith("{"));
  expect(logLines.length, output).toBeGreaterThan(0);
  for (const line of logLines)
    expect(JSON.parse(line), line).toMatchObject({ level: expect.anything(), msg: expect.any(String) });
});
