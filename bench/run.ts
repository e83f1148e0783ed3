/**
 * npm run bench — not a test: prints a table and never gates CI.
 * GitHub is the simulator (its own process) with 50 ms added to every request;
 * PostgreSQL is embedded (or DATABASE_URL). For 1,000 and 10,000 templates it
 * runs an initial, a no-op and a 10-file incremental sync with the product's
 * strategy and with the naive one (tree + every blob, every time), then all
 * 10,000 files changed, and a 100,000-template initial sync; apply's database
 * time is set against the floor (COPY of the same rows into a scratch table).
 * The webhook route is measured by bench/webhook.ts.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import v8 from "node:v8";
import readline from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { ensureDatabase, startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { createDb, type Db } from "../lib/db/client";
import { runMigrations } from "../lib/db/migrate";
import { parseEnv } from "../lib/env";
import { createGithubApp } from "../lib/github/octokit";
import { applySync } from "../lib/sync/apply";
import { syncDepsFor } from "../lib/sync/deps";
import { fetchFiles } from "../lib/sync/fetch-files";
import { readTree, resolveHead } from "../lib/sync/read-github";
import { startRun } from "../lib/sync/run-record";

const LATENCY_MS = 50;
const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
/** Past this size only the product's initial sync runs (the naive strategy would take hours of rate limit). */
const LARGE = 50_000;

// ---- processes: database, simulator, Inngest event stand-in ---------------------------
const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: ".data/bench" });
const databaseUrl =
  process.env.DATABASE_URL ??
  (await ensureDatabase(server!.serverUrl, `bench_${Date.now()}_${randomBytes(2).toString("hex")}`));
await runMigrations(databaseUrl);

const simProcess = spawn(process.execPath, ["--import", "tsx", "bench/simulator-process.ts"], {
  stdio: ["ignore", "pipe", "inherit"],
});
// A bench that stops on an error must not leave the simulator running (it holds this output open).
process.on("exit", () => simProcess.kill("SIGTERM"));
const firstLine = await new Promise<string>((resolve) =>
  readline.createInterface({ input: simProcess.stdout! }).once("line", resolve),
);
const simulator = JSON.parse(firstLine) as { url: string; env: Record<string, string> };
const { startInngestSink } = await import("../tools/inngest-local/event-api");
const sink = await startInngestSink();
// The environment of the webhook route's process; this process passes its dependencies in.
const appEnv: NodeJS.ProcessEnv = {
  ...process.env,
  ...simulator.env,
  DATABASE_URL: databaseUrl,
  SESSION_SECRET: randomBytes(24).toString("hex"),
  APP_URL: "http://localhost:3000",
  INNGEST_DEV: "1",
  INNGEST_BASE_URL: sink.url,
};

// ---- the app's own code, with database time measured -------------------------------------
let dbMs = 0;
const measured = createDb(databaseUrl).$extends({
  query: {
    async $allOperations({ args, query }) {
      const started = performance.now();
      try {
        return await query(args);
      } finally {
        dbMs += performance.now() - started;
        if (process.env.BENCH_TRACE)
          console.error(
            `    ${(performance.now() - started).toFixed(1)} ms ${JSON.stringify(args, (_k, v) => (typeof v === "bigint" ? String(v) : v)).slice(0, 100)}`,
          );
      }
    },
  },
});
const githubApp = createGithubApp(parseEnv(appEnv).github!, { retries: false, requestTimeoutMs: 30_000 });
const deps = syncDepsFor(measured as unknown as Db, () => githubApp, { maxTemplates: 1_000_000 });

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${simulator.url}/_simulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

type Row = {
  size: number;
  strategy: string;
  scenario: string;
  requests: number;
  wallMs: number;
  dbMs: number;
  applyDbMs: number | null;
  floorMs: number | null;
  updateFloorMs: number | null;
  /** COPY of the template_texts and template_versions rows the sync wrote (issue 22), beside the COPY floor. */
  versionsFloorMs: number | null;
  rssGrowthMb: number;
  largestOutput: number;
  result: string;
};
const rows: Row[] = [];
/** Per sync: apply's database time, and every step's return value (what Inngest would store). */
let applyDbMs: number | null = null;
let outputs: unknown[] = [];

/** One sync with the product's strategy (the steps of SyncGitHubTemplates, in process), or the naive one. */
async function sync(
  t: { tenantId: string; installationId: string },
  strategy: "product" | "naive",
  { recordVersions = true } = {},
) {
  const start = await startRun(deps, { ...t, reason: "push" }, `bench-${randomBytes(6).toString("hex")}`);
  if (start.kind !== "run") throw new Error(start.message);
  const head = await resolveHead(deps, start.context);
  if (strategy === "product" && head.sha === start.context.lastSyncHash) return "skipped";
  outputs.push(start, head);
  // The naive strategy downloads every file: as if no template had been synced yet.
  trace("before read-tree");
  const plan = await readTree(deps, start.context, head);
  trace("read-tree");
  if (strategy === "naive")
    await deps.db
      .$executeRaw`UPDATE sync_run_listing SET needs_fetch = true WHERE run_id = ${BigInt(start.context.runId)}`;
  const fetched = await fetchFiles(
    deps,
    start.context,
    head,
    strategy === "naive" ? "blobs" : plan.truncated ? "tarball" : "auto",
  );
  trace("fetch-files");
  const dbBefore = dbMs;
  const result = await applySync(deps, start.context, head, { recordVersions });
  applyDbMs = dbMs - dbBefore;
  trace("apply");
  outputs.push(plan, fetched, result);
  const c = result.counts;
  return `${fetched.strategy}: +${c.created} ~${c.updated} =${c.unchanged}`;
}

let tracePeak = () => "";
const trace = (what: string) => process.env.BENCH_TRACE && console.error(`  [${what}] ${tracePeak()}`);
async function measure(size: number, strategy: string, scenario: string, work: () => Promise<string>) {
  await control("POST", "/reset-counters");
  global.gc?.();
  dbMs = 0;
  applyDbMs = null;
  outputs = [];
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  tracePeak = () => {
    const m = process.memoryUsage();
    const spaces = v8
      .getHeapSpaceStatistics()
      .map(
        (sp) =>
          `${sp.space_name.replace("_space", "")} ${(sp.space_size / 1048576).toFixed(0)}/${(sp.space_used_size / 1048576).toFixed(0)}`,
      )
      .join(" ");
    return `${spaces} | peak +${((peak - rssBefore) / 1048576).toFixed(0)} MB, now rss +${((m.rss - rssBefore) / 1048576).toFixed(0)} heapUsed ${(m.heapUsed / 1048576).toFixed(0)} heapTotal ${(m.heapTotal / 1048576).toFixed(0)} external ${(m.external / 1048576).toFixed(0)} arrayBuffers ${(m.arrayBuffers / 1048576).toFixed(0)}`;
  };
  const started = performance.now();
  // A sync that GitHub stops (the naive strategy past 5,000 requests/hour) is a result too.
  const result = await work().catch(
    (error: Error) => `stopped: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ""}`,
  );
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const counters = (await control("GET", "/counters")) as { total: number };
  const floors = applyDbMs === null || strategy !== "product" ? null : await copyFloor(size, scenario);
  rows.push({
    size,
    strategy,
    scenario,
    requests: counters.total,
    wallMs,
    dbMs,
    applyDbMs,
    floorMs: floors?.copyMs ?? null,
    updateFloorMs: floors?.updateMs ?? null,
    versionsFloorMs: floors?.versionsMs ?? null,
    rssGrowthMb: (peak - rssBefore) / 1024 / 1024,
    largestOutput: Math.max(0, ...outputs.map((o) => JSON.stringify(o ?? null).length)),
    result,
  });
  console.error(
    `  ${size} ${strategy} ${scenario}: ${counters.total} requests, ${(wallMs / 1000).toFixed(2)} s (${result})`,
  );
}

async function tenantWithRepository(size: number, label: string) {
  const login = `bench-${label}-${randomBytes(3).toString("hex")}`;
  await control("POST", "/accounts", { login, type: "Organization" });
  const files = Object.fromEntries(
    Array.from({ length: size }, (_, i) => [
      `templates/${String(Math.floor(i / 100)).padStart(3, "0")}/t${i}.json`,
      JSON.stringify(
        { name: `Template ${i}`, description: `Benchmark template ${i}`, body: { blocks: [i, i + 1] } },
        null,
        2,
      ),
    ]),
  );
  files["README.md"] = "# bench\n";
  const repo = (await control("POST", "/repositories", { owner: login, name: "templates", files })) as {
    id: number;
    fullName: string;
  };
  const installation = (await control("POST", "/installations", { account: login })) as { id: number };
  const db = deps.db;
  const tenant = await db.tenant.create({ data: { name: login, slug: login } });
  await db.githubAppInstallation.create({
    data: {
      installationId: BigInt(installation.id),
      accountLogin: login,
      tenantId: tenant.id,
      repository: repo.fullName,
      repositoryId: BigInt(repo.id),
      repositoryUrl: `${simulator.url}/${repo.fullName}`,
      defaultBranch: "main",
      folder: "",
    },
  });
  return { tenantId: tenant.id.toString(), installationId: String(installation.id), fullName: repo.fullName };
}

/**
 * The floors for apply, timed alone in their own connection, from rows already
 * in this process (apply itself never moves content through the process: it
 * copies the staged rows inside PostgreSQL, and also reads the listing and the
 * tenant's synced paths, records the run and the connection, and clears the
 * staging, in one transaction):
 * - COPY floor: COPY of as many template rows as the sync wrote (the tenant's
 *   latest rows, every column apply writes, source_text included) into an empty
 *   scratch table shaped like templates (same columns, defaults and indexes; the
 *   default fillfactor, so the floor does not pay for the room templates keep);
 * - update floor (when every file changed): COPY of the same rows' new values
 *   into a temporary table, then one UPDATE templates … FROM it by id, rolled
 *   back. Updating a row writes a new version and its index entries and leaves
 *   a dead one, which an insert into an empty table does not.
 */
let lastTenant = 0n;

/**
 * The versions floor: what writing the history's rows costs by itself. Apply builds the versions
 * and texts inside PostgreSQL (from the rows it just wrote), so the floor does the same from rows
 * already there: one INSERT … SELECT of the sync's template_versions rows and one of their distinct
 * template_texts, into empty scratch tables with the columns, defaults and indexes of those tables,
 * in one transaction. Like the COPY floor, no foreign key is checked.
 */
async function versionsFloor(client: pg.Client, written: number): Promise<number> {
  await client.query("DROP TABLE IF EXISTS bench_texts_floor, bench_versions_floor");
  await client.query("CREATE TABLE bench_texts_floor (LIKE template_texts INCLUDING DEFAULTS INCLUDING INDEXES)");
  await client.query("CREATE TABLE bench_versions_floor (LIKE template_versions INCLUDING DEFAULTS INCLUDING INDEXES)");
  // The sync's rows, read once into a temporary table so the timed statements only write.
  await client.query(
    `CREATE TEMPORARY TABLE bench_written AS
       SELECT * FROM template_versions WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2`,
    [lastTenant.toString(), written],
  );
  await client.query(
    "CREATE TEMPORARY TABLE bench_written_texts AS SELECT * FROM template_texts WHERE sha256 IN (SELECT text_sha256 FROM bench_written)",
  );
  const started = performance.now();
  await client.query("BEGIN");
  await client.query("INSERT INTO bench_texts_floor (sha256, text) SELECT sha256, text FROM bench_written_texts");
  await client.query(
    `INSERT INTO bench_versions_floor (tenant_id, template_id, source, event, text_sha256, path, blob_sha, commit_sha,
       commit_message, commit_author, repository_url, created_at)
     SELECT tenant_id, template_id, source, event, text_sha256, path, blob_sha, commit_sha,
       commit_message, commit_author, repository_url, created_at FROM bench_written ORDER BY path, template_id`,
  );
  await client.query("COMMIT");
  const ms = performance.now() - started;
  await client.query("DROP TABLE bench_texts_floor, bench_versions_floor, bench_written, bench_written_texts");
  return ms;
}
async function copyFloor(size: number, scenario: string) {
  const written = scenario.startsWith("initial") || scenario === "all changed" ? size : 0;
  if (!written) return null;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: source } = await client.query(
      `SELECT id, tenant_id, name, description, content::text, source_text, sync_source, sync_sha FROM templates
       WHERE tenant_id = $1 AND sync_source IS NOT NULL ORDER BY id DESC LIMIT $2`,
      [lastTenant.toString(), written],
    );
    const text = (v: unknown) =>
      v === null
        ? "\\N"
        : String(v).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
    const now = new Date().toISOString();
    const line = (values: unknown[]) => values.map(text).join("\t") + "\n";
    const copy = (sql: string, lines: string[]) => pipeline(Readable.from(lines), client.query(copyFrom(sql)));
    const inserted = source.map((r) =>
      line([r.tenant_id, r.name, r.description, r.content, r.source_text, r.sync_source, r.sync_sha, now, now]),
    );
    await client.query("DROP TABLE IF EXISTS bench_copy_floor");
    await client.query("CREATE TABLE bench_copy_floor (LIKE templates INCLUDING DEFAULTS INCLUDING INDEXES)");
    let started = performance.now();
    await client.query("BEGIN");
    await copy(
      "COPY bench_copy_floor (tenant_id, name, description, content, source_text, sync_source, sync_sha, created_at, updated_at) FROM STDIN",
      inserted,
    );
    await client.query("COMMIT");
    const copyMs = performance.now() - started;
    await client.query("DROP TABLE bench_copy_floor");
    const versionsMs = scenario.endsWith("no versions") ? null : await versionsFloor(client, written);
    if (scenario !== "all changed") return { copyMs, updateMs: null, versionsMs };
    const updated = source.map((r) => line([r.id, r.name, r.description, r.content, r.source_text, r.sync_sha]));
    started = performance.now();
    await client.query("BEGIN");
    await client.query(
      "CREATE TEMPORARY TABLE bench_update_floor (id bigint, name text, description text, content jsonb, source_text text, sync_sha text) ON COMMIT DROP",
    );
    await copy("COPY bench_update_floor FROM STDIN", updated);
    await client.query(
      `UPDATE templates t SET name = u.name, description = u.description, content = u.content, source_text = u.source_text,
         sync_sha = u.sync_sha,
         deleted_at = NULL, updated_at = now() FROM bench_update_floor u WHERE t.id = u.id`,
    );
    const updateMs = performance.now() - started;
    await client.query("ROLLBACK");
    return { copyMs, updateMs, versionsMs };
  } finally {
    await client.end();
  }
}

await control("POST", "/latency", { ms: LATENCY_MS });
for (const size of SIZES) {
  for (const strategy of size > LARGE ? (["product"] as const) : (["product", "naive"] as const)) {
    if (strategy === "product") {
      // The same initial sync with apply writing no template versions (lib/history), to show what they cost.
      const bare = await tenantWithRepository(size, "no-versions");
      lastTenant = BigInt(bare.tenantId);
      await measure(size, strategy, "initial, no versions", () => sync(bare, strategy, { recordVersions: false }));
    }
    const t = await tenantWithRepository(size, strategy);
    lastTenant = BigInt(t.tenantId);
    await measure(size, strategy, "initial", () => sync(t, strategy));
    if (size > LARGE) continue;
    await measure(size, strategy, "no-op", () => sync(t, strategy));
    const [owner, name] = t.fullName.split("/");
    await control("POST", `/repositories/${owner}/${name}/commits`, {
      changes: Array.from({ length: 10 }, (_, i) => ({
        action: "put",
        path: `templates/000/t${i * 7}.json`,
        content: JSON.stringify({ name: `Changed ${i}` }),
      })),
    });
    await measure(size, strategy, "10 changed", () => sync(t, strategy));
    if (strategy !== "product" || size < 10_000) continue;
    await control("POST", `/repositories/${owner}/${name}/commits`, {
      changes: Array.from({ length: size }, (_, i) => ({
        action: "put",
        path: `templates/${String(Math.floor(i / 100)).padStart(3, "0")}/t${i}.json`,
        content: JSON.stringify({ name: `Template ${i}, all changed`, body: { blocks: [i] } }, null, 2),
      })),
    });
    await measure(size, strategy, "all changed", () => sync(t, strategy));
  }
}

// ---- report ------------------------------------------------------------------------------------
const seconds = (ms: number | null) => (ms === null ? "–" : `${(ms / 1000).toFixed(2)} s`);
/** What any apply that writes the templates and their versions must pay: both COPY floors. */
const withVersionsFloor = (r: Row) =>
  r.floorMs !== null && r.versionsFloorMs !== null ? r.floorMs + r.versionsFloorMs : null;
const times = (ms: number | null, floor: number | null) => (ms !== null && floor ? `${(ms / floor).toFixed(2)}×` : "–");
const table = [
  "| templates | strategy | sync | GitHub requests | wall time | database time | apply (database) | COPY floor | apply / floor | versions floor | apply / (COPY + versions floor) | update floor | apply / update floor | peak RSS growth | largest step output | result |",
  "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ...rows.map(
    (r) =>
      `| ${r.size.toLocaleString("en")} | ${r.strategy} | ${r.scenario} | ${r.requests} | ${seconds(r.wallMs)} | ${seconds(r.dbMs)} | ${seconds(r.applyDbMs)} | ${seconds(r.floorMs)} | ${times(r.applyDbMs, r.floorMs)} | ${seconds(r.versionsFloorMs)} | ${times(r.applyDbMs, withVersionsFloor(r))} | ${seconds(r.updateFloorMs)} | ${times(r.applyDbMs, r.updateFloorMs)} | ${r.rssGrowthMb.toFixed(0)} MB | ${(r.largestOutput / 1024).toFixed(1)} KB | ${r.result} |`,
  ),
];
const find = (size: number, scenario: string) =>
  rows.find((r) => r.size === size && r.strategy === "product" && r.scenario === scenario);
const goal = (label: string, row: Row | undefined, met: (r: Row) => boolean, seen: (r: Row) => string) =>
  `- ${label}: ${row ? `${met(row) ? "met" : "NOT met"} (${seen(row)})` : "not measured (size not in BENCH_SIZES)"}`;
const ratio = (r: Row) => (r.applyDbMs ?? Infinity) / (r.floorMs ?? 0);
const ratioWithVersions = (r: Row) => (r.applyDbMs ?? Infinity) / (withVersionsFloor(r) ?? 0);
const targets = [
  goal(
    "10,000 templates, initial apply ≤ 0.5 s of database time",
    find(10_000, "initial"),
    (r) => r.applyDbMs! <= 500,
    (r) => seconds(r.applyDbMs),
  ),
  goal(
    "10,000 changed files applied ≤ 1 s",
    find(10_000, "all changed"),
    (r) => r.applyDbMs! <= 1000,
    (r) => seconds(r.applyDbMs),
  ),
  goal(
    "initial apply / COPY floor ≤ 2×",
    find(10_000, "initial"),
    (r) => ratio(r) <= 2,
    (r) => `${ratio(r).toFixed(2)}×`,
  ),
  goal(
    "all changed apply / COPY floor ≤ 2×",
    find(10_000, "all changed"),
    (r) => ratio(r) <= 2,
    (r) => `${ratio(r).toFixed(2)}×`,
  ),
  goal(
    "initial apply without versions / COPY floor ≤ 2×",
    find(10_000, "initial, no versions"),
    (r) => ratio(r) <= 2,
    (r) => `${ratio(r).toFixed(2)}×`,
  ),
  goal(
    "initial apply / (COPY + versions floor) ≤ 2×",
    find(10_000, "initial"),
    (r) => ratioWithVersions(r) <= 2,
    (r) => `${ratioWithVersions(r).toFixed(2)}×`,
  ),
  goal(
    "all changed apply / (COPY + versions floor) ≤ 2×",
    find(10_000, "all changed"),
    (r) => ratioWithVersions(r) <= 2,
    (r) => `${ratioWithVersions(r).toFixed(2)}×`,
  ),
  goal(
    "10,000-template initial sync, peak RSS growth ≤ 64 MB",
    find(10_000, "initial"),
    (r) => r.rssGrowthMb <= 64,
    (r) => `${r.rssGrowthMb.toFixed(0)} MB`,
  ),
  goal(
    "100,000-template initial sync completes, RSS growth ≤ 256 MB, every step output ≤ 16 KB",
    find(100_000, "initial"),
    (r) => !r.result.startsWith("stopped") && r.rssGrowthMb <= 256 && r.largestOutput <= 16 * 1024,
    (r) => `${r.rssGrowthMb.toFixed(0)} MB, largest output ${(r.largestOutput / 1024).toFixed(1)} KB`,
  ),
];
console.log(
  `\nGitHub simulator with ${LATENCY_MS} ms per request; requests counted by the simulator (installation token included).\n`,
);
console.log(table.join("\n"));
console.log(
  `\nTargets (issue 12; the versions floor is issue 22's: apply also writes each changed template's version and new text):\n${targets.join("\n")}`,
);
console.log("(The update floor, COPY + UPDATE … FROM of the same rows, is shown for reference; it has no target.)");
// Issue 22: apply writes a version per changed template (and each new text once) in the same transaction.
for (const size of SIZES) {
  const [withVersions, without] = [find(size, "initial"), find(size, "initial, no versions")];
  if (withVersions?.applyDbMs == null || without?.applyDbMs == null) continue;
  const extra = withVersions.applyDbMs - without.applyDbMs;
  console.log(
    `Template versions, ${size.toLocaleString("en")}-file initial sync: apply ${seconds(withVersions.applyDbMs)} with versions, ${seconds(without.applyDbMs)} without (${extra >= 0 ? "+" : ""}${(extra / 1000).toFixed(2)} s)`,
  );
}
console.log(
  `\nMachine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
);

await sink.close();
simProcess.kill("SIGTERM");
if (server) await server.stop();
process.exit(0);
