/**
 * npm run bench, part 2 — the webhook route against the floor, in one Next
 * production server: the app built with its bench-only route (an empty handler
 * that reads the body), 100 concurrent signed push deliveries × 5 rounds to
 * each, interleaved so both see the same machine. Not a test; never gates CI.
 */
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { sign } from "@octokit/webhooks-methods";
import { createDb } from "../lib/db/client";
import { ensureDatabase, startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { runMigrations } from "../lib/db/migrate";
import { findFreePort } from "../lib/net/free-port";
import { startInngestSink } from "../tools/inngest-local/event-api";

const ROUNDS = 5;
const CONCURRENT = 100;
const log = (line: string) => console.error(`[bench:webhook] ${line}`);

const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: ".data/bench" });
const databaseUrl =
  process.env.DATABASE_URL ??
  (await ensureDatabase(server!.serverUrl, `bench_${Date.now()}_${randomBytes(2).toString("hex")}`));
await runMigrations(databaseUrl);
const db = createDb(databaseUrl);

const simProcess = spawn(process.execPath, ["--import", "tsx", "bench/simulator-process.ts"], {
  stdio: ["ignore", "pipe", "inherit"],
});
// A bench that stops on an error must not leave the simulator running (it holds this output open).
process.on("exit", () => simProcess.kill("SIGTERM"));
const simulator = JSON.parse(
  await new Promise<string>((resolve) => readline.createInterface({ input: simProcess.stdout! }).once("line", resolve)),
) as { url: string; env: Record<string, string> };
const sink = await startInngestSink();

const run = (args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), ...args], {
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next ${args[0]} exited with ${code}`))));
  });

const port = await findFreePort();
const appUrl = `http://127.0.0.1:${port}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...simulator.env,
  NODE_ENV: "production",
  ALLEGRO_BENCH_ROUTES: "1",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: databaseUrl,
  SESSION_SECRET: randomBytes(24).toString("hex"),
  APP_URL: appUrl,
  INNGEST_DEV: "1",
  INNGEST_BASE_URL: sink.url,
};
log("building the app with its bench-only route (.next-bench)…");
// `next build` adds its dist folder's types to tsconfig.json: put the file back as committed.
const tsconfig = fs.readFileSync("tsconfig.json", "utf8");
await run(["build"], env).finally(() => fs.writeFileSync("tsconfig.json", tsconfig));
const next = spawn(
  process.execPath,
  [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)],
  {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  },
);
process.on("exit", () => next.kill("SIGTERM"));
for (let i = 0; ; i++) {
  const up = await fetch(`${appUrl}/login`)
    .then((r) => r.ok)
    .catch(() => false);
  if (up) break;
  if (i > 300) throw new Error("next start did not answer");
  await new Promise((resolve) => setTimeout(resolve, 200));
}

// A linked organization whose branch the pushes name, as Connect leaves it.
async function control(method: string, route: string, body?: unknown) {
  const response = await fetch(`${simulator.url}/_simulator${route}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}
const login = `bench-webhook-${randomBytes(3).toString("hex")}`;
await control("POST", "/accounts", { login, type: "Organization" });
const repo = (await control("POST", "/repositories", {
  owner: login,
  name: "templates",
  files: { "a.json": '{"name":"A"}' },
})) as { id: number; fullName: string };
const installation = (await control("POST", "/installations", { account: login })) as { id: number };
const tenant = await db.tenant.create({ data: { name: login, slug: login } });
await db.githubAppInstallation.upsert({
  where: { installationId: BigInt(installation.id) },
  update: {},
  create: { installationId: BigInt(installation.id), accountLogin: login },
});
await db.githubAppInstallation.update({
  where: { installationId: BigInt(installation.id) },
  data: {
    tenantId: tenant.id,
    repository: repo.fullName,
    repositoryId: BigInt(repo.id),
    repositoryUrl: `${simulator.url}/${repo.fullName}`,
    defaultBranch: "main",
    folder: "",
  },
});

const secret = simulator.env.GITHUB_WEBHOOK_SECRET!;
async function deliver(route: string): Promise<number> {
  const body = JSON.stringify({
    ref: "refs/heads/main",
    before: "0".repeat(40),
    after: randomBytes(20).toString("hex"),
    deleted: false,
    repository: { id: repo.id, full_name: repo.fullName },
    installation: { id: installation.id },
  });
  const started = performance.now();
  const response = await fetch(`${appUrl}${route}`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": "push",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": await sign(secret, body),
    },
  });
  await response.text();
  if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
  return performance.now() - started;
}

const ROUTES = {
  webhook: "/github/webhooks",
  empty: "/bench/empty",
  verify: "/bench/verify",
  selectOne: "/bench/select-one",
} as const;
type Name = keyof typeof ROUTES;
const NAMES = Object.keys(ROUTES) as Name[];
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const latencies = Object.fromEntries(NAMES.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
const busyMs = Object.fromEntries(NAMES.map((name) => [name, 0])) as Record<Name, number>;
// Warm up with the measured load itself: one full burst per route, each followed by the
// same pause, so the first measured round neither compiles the hot paths nor relays the
// warm-up's pushes.
const pause = () => new Promise((resolve) => setTimeout(resolve, 500)); // the outbox relay runs after a burst
for (const name of NAMES) {
  await Promise.all(Array.from({ length: CONCURRENT }, () => deliver(ROUTES[name])));
  await pause();
}
for (let round = 0; round < ROUNDS; round++) {
  for (const name of NAMES) {
    const started = performance.now();
    const burst = await Promise.all(Array.from({ length: CONCURRENT }, () => deliver(ROUTES[name])));
    latencies[name].push(...burst);
    const at = (p: number) => pct(burst, p).toFixed(0);
    log(`round ${round + 1} ${ROUTES[name]}: p50 ${at(50)} ms, p95 ${at(95)} ms, max ${at(100)} ms`);
    busyMs[name] += performance.now() - started;
    await pause();
  }
}
const queued = await db.syncOutbox.count({ where: { tenantId: tenant.id } });
const sent = await db.syncOutbox.count({ where: { tenantId: tenant.id, sentAt: { not: null } } });

const row = (name: Name) => ({
  p50: pct(latencies[name], 50),
  p99: pct(latencies[name], 99),
  perSecond: (latencies[name].length / busyMs[name]) * 1000,
});
const rows = Object.fromEntries(NAMES.map((name) => [name, row(name)])) as Record<Name, ReturnType<typeof row>>;
const mark = (ratio: number) => (ratio <= 1.25 ? "met" : "not met");
const LABELS: Record<Name, string> = {
  webhook: "POST /github/webhooks",
  empty: "POST /bench/empty (floor: read the body)",
  verify: "POST /bench/verify (body, HMAC, JSON parse)",
  selectOne: "POST /bench/select-one (second floor: body + one `SELECT 1`)",
};
console.log(
  `\nWebhook route vs route handlers that do part of its work, in the same Next production server: ${CONCURRENT} concurrent signed push deliveries × ${ROUNDS} rounds each, interleaved.\n`,
);
console.log("| route | p50 | p99 | deliveries/s |");
console.log("| --- | ---: | ---: | ---: |");
for (const name of NAMES) {
  const r = rows[name];
  console.log(`| ${LABELS[name]} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.perSecond.toFixed(0)} |`);
}
const ratios = (floor: Name, label: string) => {
  const p50 = rows.webhook.p50 / rows[floor].p50;
  const p99 = rows.webhook.p99 / rows[floor].p99;
  console.log(`| ${label} | ${p50.toFixed(2)}× ${mark(p50)} | ${p99.toFixed(2)}× ${mark(p99)} | |`);
};
ratios("empty", "webhook / empty route (target ≤ 1.25×)");
ratios("selectOne", "webhook / `SELECT 1` route");
console.log(
  `\n${queued} sync requests recorded in the outbox, ${sent} of them relayed (${(ROUNDS + 1) * CONCURRENT} pushes delivered, the warm-up's included).`,
);
console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
);

next.kill("SIGTERM");
simProcess.kill("SIGTERM");
await sink.close();
await db.$disconnect();
if (server) await server.stop();
process.exit(0);
