/**
 * npm run bench, part 5 — what a sync costs in GitHub's rate limit when nothing changed (issue 20,
 * goal 0): the sync's steps in process (as bench/run.ts runs them) and the reconcile's check,
 * against the GitHub simulator, which charges an installation's primary rate limit as GitHub
 * does (a conditional request answered 304 is not charged: tools/github-simulator/conditional.ts).
 * A 100-file repository; a few seconds. Not a test; never gates CI.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { createDb } from "../lib/db/client";
import { ensureDatabase, startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { runMigrations } from "../lib/db/migrate";
import { parseEnv } from "../lib/env";
import { createGithubApp } from "../lib/github/octokit";
import { applySync } from "../lib/sync/apply";
import { syncDepsFor } from "../lib/sync/deps";
import { fetchFiles } from "../lib/sync/fetch-files";
import { readTree, resolveHead } from "../lib/sync/read-github";
import { findStaleConnections } from "../lib/sync/reconcile";
import { finishRun, startRun } from "../lib/sync/run-record";
import { startGithubSimulator } from "../tools/github-simulator";

const FILES = 100;
const log = (line: string) => console.error(`[bench:no-op-sync] ${line}`);

const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: ".data/bench" });
const databaseUrl =
  process.env.DATABASE_URL ??
  (await ensureDatabase(server!.serverUrl, `bench_${Date.now()}_${randomBytes(2).toString("hex")}`));
await runMigrations(databaseUrl);
const db = createDb(databaseUrl);
const sim = await startGithubSimulator();
const env = {
  ...process.env,
  ...sim.appEnv(),
  DATABASE_URL: databaseUrl,
  SESSION_SECRET: randomBytes(24).toString("hex"),
};
// One App for the whole bench: like a long-running server, it keeps its installation token (GitHub's ETags are per token).
const githubApp = createGithubApp(parseEnv(env).github!, { retries: false, requestTimeoutMs: 30_000 });
const deps = syncDepsFor(db, () => githubApp);

// ---- one organization, its repository and connection ----------------------------------------
const login = `bench-etag-${randomBytes(3).toString("hex")}`;
sim.createAccount({ login, type: "Organization" });
const files = Object.fromEntries(
  Array.from({ length: FILES }, (_, i) => [`templates/t${i}.json`, JSON.stringify({ name: `Template ${i}` }, null, 2)]),
);
const repo = await sim.createRepository({ owner: login, name: "templates", files });
const fullName = `${login}/${repo.name}`;
const { installation } = await sim.install(login);
const tenant = await db.tenant.create({ data: { name: login, slug: login } });
await db.githubAppInstallation.create({
  data: {
    installationId: BigInt(installation.id),
    accountLogin: login,
    tenantId: tenant.id,
    repository: fullName,
    repositoryId: BigInt(repo.id),
    repositoryUrl: `${sim.url}/${fullName}`,
    defaultBranch: "main",
    folder: "",
  },
});
const request = { tenantId: tenant.id.toString(), installationId: String(installation.id) };

/** The steps of SyncGitHubTemplates for a push (lib/sync), skipping an unchanged head as the function does. */
async function sync() {
  const start = await startRun(deps, { ...request, reason: "push" }, `bench-${randomBytes(6).toString("hex")}`);
  if (start.kind !== "run") throw new Error(start.message);
  const head = await resolveHead(deps, start.context);
  if (head.sha === start.context.lastSyncHash) {
    await finishRun(deps, start.context.runId, "skipped", { message: "unchanged", commit: head.sha });
  } else {
    const plan = await readTree(deps, start.context, head);
    await fetchFiles(deps, start.context, head, plan.truncated ? "tarball" : "auto");
    await applySync(deps, start.context, head);
  }
  const run = await db.syncRun.findUniqueOrThrow({ where: { id: BigInt(start.context.runId) } });
  return `${run.status}, run: ${run.githubRequests} requests, ${run.notModified} answered 304`;
}

async function reconcile() {
  const stale = await findStaleConnections(deps);
  return stale.some((r) => r.tenantId === request.tenantId) ? "stale: a sync is requested" : "up to date";
}

type Row = { scenario: string; requests: number; notModified: number; units: number; result: string; ms: number };
const rows: Row[] = [];
async function measure(scenario: string, work: () => Promise<string>) {
  sim.resetTraffic();
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  const counters = sim.counters();
  const id = String(installation.id);
  // Requests made for the installation; the token (fetched with the app's JWT) is charged to no installation.
  const row = {
    scenario,
    requests: counters.byInstallation[id] ?? 0,
    notModified: counters.byStatus["304"] ?? 0,
    units: counters.rateLimitByInstallation[id] ?? 0,
    result,
    ms,
  };
  rows.push(row);
  log(`${scenario}: ${row.requests} requests, ${row.units} rate-limit units (${result})`);
}

await measure("initial sync", sync);
await measure("no-op sync (push, nothing changed)", sync);
await measure("no-op reconcile check", reconcile);
// As before conditional reads: nothing stored to ask with, so the branch is read in full.
await db.branchHeadEtag.deleteMany({ where: { installationId: BigInt(installation.id) } });
await measure("no-op sync, no ETag stored (as before)", sync);
await sim.commit(fullName, { changes: [{ action: "put", path: "templates/t7.json", content: '{"name":"Changed"}' }] });
await measure("reconcile check after a commit", reconcile);
await measure("sync of that commit", sync);
await measure("no-op sync after it", sync);

console.log(
  `\nRate-limit units of a sync when nothing changed: ${FILES}-file repository, GitHub simulator (charges as GitHub: a 304 is free).\n`,
);
console.log("| scenario | GitHub requests | answered 304 | rate-limit units | wall time | result |");
console.log("| --- | ---: | ---: | ---: | ---: | --- |");
for (const r of rows)
  console.log(
    `| ${r.scenario} | ${r.requests} | ${r.notModified} | ${r.units} | ${(r.ms / 1000).toFixed(2)} s | ${r.result} |`,
  );
const noOp = rows.filter((r) => r.scenario.startsWith("no-op") && !r.scenario.includes("as before"));
const worst = Math.max(...noOp.map((r) => r.units));
console.log(`\nGoal (issue 20): rate-limit units of a no-op sync = 0: ${worst === 0 ? "met" : `NOT met (${worst})`}`);
console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
);

await sim.stop();
await db.$disconnect();
if (server) await server.stop();
process.exit(0);
