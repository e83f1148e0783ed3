/**
 * npm run bench, part 3 — push-to-applied lag, the delay people feel: a Next production server
 * (`next start`), the local executor (tools/inngest-local) running the app's functions through
 * /api/inngest with their debounce, and the GitHub simulator delivering its push webhooks to the
 * app. A 10,000-file repository is synced once, then BENCH_LAG_PUSHES pushes (default 10) each
 * change 10 files; each push's lag runs from its delivery's receipt (the outbox row, written in
 * the same statement) to the moment its run is seen applied. Not a test; never gates CI.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb } from "../lib/db/client";
import { ensureDatabase, startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { runMigrations } from "../lib/db/migrate";
import { startGithubSimulator } from "../tools/github-simulator";
import { startLocalInngest } from "../tools/inngest-local";

const FILES = 10_000;
const CHANGED = 10;
const PUSHES = Number(process.env.BENCH_LAG_PUSHES ?? 10);
// The app, the simulator and the executor on fixed ports (BENCH_LAG_PORT, +1, +2).
const port = Number(process.env.BENCH_LAG_PORT ?? 3370);
const log = (line: string) => console.error(`[bench:push-lag] ${line}`);

const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: ".data/bench" });
const databaseUrl =
  process.env.DATABASE_URL ??
  (await ensureDatabase(server!.serverUrl, `bench_${Date.now()}_${randomBytes(2).toString("hex")}`));
await runMigrations(databaseUrl);
const db = createDb(databaseUrl);

const appUrl = `http://127.0.0.1:${port}`;
const simulator = await startGithubSimulator({ port: port + 1, webhookUrl: `${appUrl}/github/webhooks` });
const inngest = await startLocalInngest({ port: port + 2 });
const metricsToken = randomBytes(16).toString("hex");
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...simulator.appEnv(),
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: "warn",
  DATABASE_URL: databaseUrl,
  SESSION_SECRET: randomBytes(24).toString("hex"),
  APP_URL: appUrl,
  INNGEST_DEV: "1",
  INNGEST_BASE_URL: inngest.url,
  METRICS_TOKEN: metricsToken,
};
const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
if (process.env.BENCH_REUSE_BUILD === "1" && fs.existsSync(".next/BUILD_ID")) {
  log("reusing the production build in .next (BENCH_REUSE_BUILD=1)");
} else {
  log("building the app (next build)…");
  // `next build` may rewrite tsconfig.json: put the file back as committed.
  const tsconfig = fs.readFileSync("tsconfig.json", "utf8");
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, [nextBin, "build"], { env, stdio: ["ignore", "ignore", "inherit"] }).on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`)),
    ),
  ).finally(() => fs.writeFileSync("tsconfig.json", tsconfig));
}
const next = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
  env,
  stdio: ["ignore", "ignore", "inherit"],
});
process.on("exit", () => next.kill("SIGTERM"));
await inngest.syncApp(`${appUrl}/api/inngest`, { timeoutMs: 120_000 });
const syncFn = [...inngest.functions.values()].find((fn) => fn.id.endsWith("-sync-github-templates"));
const debounceMs = syncFn?.debounce?.periodMs;
if (!debounceMs) throw new Error("the sync function registered no debounce");

async function control(method: string, route: string, body?: unknown) {
  const response = await fetch(`${simulator.url}/_simulator${route}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}
const file = (i: number, version: number) => JSON.stringify({ name: `Template ${i}`, description: `v${version}` });
const login = `bench-lag-${randomBytes(3).toString("hex")}`;
await control("POST", "/accounts", { login, type: "Organization" });
const files = Object.fromEntries(
  Array.from({ length: FILES }, (_, i) => [`t${String(i).padStart(5, "0")}.json`, file(i, 0)]),
);
const repo = (await control("POST", "/repositories", { owner: login, name: "templates", files })) as {
  id: number;
  fullName: string;
};
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
    linkedAt: new Date(),
  },
});

/** Commits `changes` as a push (the simulator delivers the webhook) and waits until its run is applied. */
async function pushAndWait(version: number, paths: number[]) {
  const changes = paths.map((i) => ({
    action: "put",
    path: `t${String(i).padStart(5, "0")}.json`,
    content: file(i, version),
  }));
  const { sha } = (await control("POST", `/repositories/${repo.fullName}/commits`, { changes })) as { sha: string };
  for (;;) {
    const run = await db.syncRun.findFirst({ where: { tenantId: tenant.id, commit: sha, status: { not: "running" } } });
    if (run) {
      const appliedAt = Date.now();
      if (!run.status.startsWith("succeeded")) throw new Error(`the run for ${sha} ended ${run.status}`);
      const [row] = await db.$queryRaw<{ received_at: Date; sent_at: Date | null }[]>`
        SELECT min(created_at) AS received_at, min(sent_at) AS sent_at FROM sync_outbox
        WHERE tenant_id = ${tenant.id} AND request->>'commit' = ${sha}`;
      const received = row!.received_at.getTime();
      const since = (at: Date | null | undefined) => (at ? (at.getTime() - received) / 1000 : NaN);
      return {
        sha,
        seconds: (appliedAt - received) / 1000,
        updated: run.updated,
        // Where the time goes: handed to the executor, the run's start (after the debounce), its apply.
        parts: { relayed: since(row!.sent_at), started: since(run.startedAt), applied: since(run.appliedAt) },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

log(`initial sync of ${FILES} files…`);
const initial = await pushAndWait(1, [0]);
log(`initial sync applied ${initial.seconds.toFixed(2)} s after its push`);
const lags: number[] = [];
const parts: { relayed: number; started: number; applied: number }[] = [];
for (let i = 0; i < PUSHES; i++) {
  const paths = Array.from({ length: CHANGED }, (_, k) => (i * CHANGED + k * 997) % FILES);
  const result = await pushAndWait(i + 2, paths);
  if (result.updated !== CHANGED) throw new Error(`push ${i + 1} updated ${result.updated} templates, not ${CHANGED}`);
  lags.push(result.seconds);
  parts.push(result.parts);
  const { relayed, started, applied } = result.parts;
  log(
    `push ${i + 1}: ${result.seconds.toFixed(2)} s (relayed at ${relayed.toFixed(2)} s, run started at ${started.toFixed(2)} s, applied at ${applied.toFixed(2)} s)`,
  );
}

// The app's own histogram, for comparison: its mean over the same pushes (the initial one included).
const metrics = await fetch(`${appUrl}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } }).then(
  (r) => r.text(),
);
const series = (name: string) => Number(metrics.match(new RegExp(`^${name} (\\S+)$`, "m"))?.[1] ?? NaN);
const histogramMean = series("allegro_push_to_applied_seconds_sum") / series("allegro_push_to_applied_seconds_count");

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const p50 = pct(lags, 50);
const goal = debounceMs / 1000 + 1;
console.log(
  `\nPush-to-applied lag: ${PUSHES} pushes of ${CHANGED} changed files each to a ${FILES.toLocaleString("en")}-file repository, next start + the local executor (tools/inngest-local), one push at a time.\n`,
);
console.log("| pushes | debounce | p50 | p99 | goal (p50 ≤ debounce + 1 s) | app histogram mean |");
console.log("| ---: | ---: | ---: | ---: | --- | ---: |");
console.log(
  `| ${PUSHES} | ${(debounceMs / 1000).toFixed(1)} s | ${p50.toFixed(2)} s | ${pct(lags, 99).toFixed(2)} s | ${p50 <= goal ? "met" : "not met"} (≤ ${goal.toFixed(1)} s) | ${histogramMean.toFixed(2)} s over ${series("allegro_push_to_applied_seconds_count")} |`,
);
const median = (key: keyof (typeof parts)[number]) =>
  pct(
    parts.map((p) => p[key]),
    50,
  ).toFixed(2);
console.log(
  `Medians after the delivery's receipt: relayed to the executor ${median("relayed")} s, run started ${median("started")} s, templates committed ${median("applied")} s.`,
);
console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
);

next.kill("SIGTERM");
await inngest.stop();
await simulator.stop();
await db.$disconnect();
if (server) await server.stop();
process.exit(0);
