/**
 * npm run bench, bounded (issue 20) — not a test: prints a table and never gates CI.
 * - `/templates` first page with 50 and with 50,000 templates in an organization: the page's
 *   own data load (what app/templates/page.tsx awaits) and GET /api/templates (the route
 *   handler, called with a Request as Next calls it), median of RUNS after a warm-up.
 * - SQL statements per Settings → GitHub Sync render, counted on the pg client under Prisma
 *   (every statement PostgreSQL receives), for a connected organization with history.
 * - Bytes of the history response (GET /api/github-sync/runs) and of the settings page's data
 *   after a sync that reported 5,000 invalid files, then with the history at its 50 runs, each
 *   a push that left the same 5,000 files invalid (about 1.5 minutes of syncs on 2 cores).
 * PostgreSQL is embedded (or DATABASE_URL); GitHub is the simulator, in this process.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { ensureDatabase, startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { runMigrations } from "../lib/db/migrate";
import { PrismaClient } from "../lib/db/generated/client.ts";
import type { Db } from "../lib/db/client";
import { startGithubSimulator } from "../tools/github-simulator";

const RUNS = Number(process.env.BENCH_BOUNDED_RUNS ?? 41);
const WARMUP = 10;
const SIZES = [50, 50_000] as const;
const INVALID = 5_000;
/** The history shows at most 50 runs (lib/sync/history.ts): filled to its cap by default. */
const HISTORY_RUNS = Number(process.env.BENCH_BOUNDED_HISTORY_RUNS ?? 50);
const log = (line: string) => console.error(`[bench:bounded] ${line}`);

const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: ".data/bench" });
const databaseUrl =
  process.env.DATABASE_URL ??
  (await ensureDatabase(server!.serverUrl, `bench_bounded_${Date.now()}_${randomBytes(2).toString("hex")}`));
await runMigrations(databaseUrl);
const sim = await startGithubSimulator({ port: Number(process.env.BENCH_BOUNDED_PORT ?? 0) });
// The app's code reads its configuration from the environment (getEnv) and the process-wide client (getDb).
Object.assign(process.env, {
  ...sim.appEnv(),
  DATABASE_URL: databaseUrl,
  SESSION_SECRET: randomBytes(24).toString("hex"),
  APP_URL: "http://localhost:3000",
  INNGEST_DEV: "1",
});

/**
 * The process-wide client on a pool whose pg client records every statement it sends: what
 * PostgreSQL receives, below Prisma (one Prisma operation can be several statements).
 */
const statements: string[] = [];
class CountingClient extends pg.Client {
  // pg's overloads are impractical to restate; this only records the statement's text.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const first = args[0] as string | { text?: string } | undefined;
    statements.push(typeof first === "string" ? first : (first?.text ?? ""));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (super.query as any)(...args);
  }
}
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, Client: CountingClient });
const db = new PrismaClient({ adapter: new PrismaPg(pool) }) as Db;
// lib/db/client.ts keeps the process-wide client here (as the tests' counting helper does).
(globalThis as unknown as { __allegroDb?: Db }).__allegroDb = db;
const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET TRANSACTION)\b/i;

const { resolveActor } = await import("../lib/auth/actor");
const { createSession, SESSION_COOKIE, unsealSession } = await import("../lib/auth/session");
const { countTemplates, listTemplatePage, parseListQuery } = await import("../lib/templates/list");
const { openProposalNumbers } = await import("../lib/proposals/list");
const { loadSettingsPage } = await import("../lib/github-sync/settings-page");
const { createGithubApp } = await import("../lib/github/octokit");
const { getEnv } = await import("../lib/env");
const { syncDepsFor } = await import("../lib/sync/deps");
const { startRun, finishRun } = await import("../lib/sync/run-record");
const { readTree, resolveHead } = await import("../lib/sync/read-github");
const { fetchFiles } = await import("../lib/sync/fetch-files");
const { applySync } = await import("../lib/sync/apply");
const templatesRoute = await import("../app/api/templates/route");
const runsRoute = await import("../app/api/github-sync/runs/route");

/** An organization with one admin, signed in: its actor and its session cookie. */
async function signedInAdmin(label: string) {
  const slug = `bench-${label}-${randomBytes(3).toString("hex")}`;
  const tenant = await db.tenant.create({ data: { name: slug, slug } });
  const user = await db.user.create({
    data: {
      email: `${slug}@example.test`,
      name: "Bench Admin",
      passwordHash: "x",
      memberships: { create: { tenantId: tenant.id, role: "admin" } },
    },
  });
  const seal = await createSession(user.id, tenant.id);
  const actor = (await resolveActor({ userId: user.id, tenantId: tenant.id }))!;
  return { actor, seal, cookie: `${SESSION_COOKIE}=${encodeURIComponent(seal)}` };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** Medians of `small` and `large`, run alternately (the machine is shared: both see the same load). */
async function timedPair(small: () => Promise<unknown>, large: () => Promise<unknown>): Promise<[number, number]> {
  for (let i = 0; i < WARMUP; i++) {
    await small();
    await large();
  }
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < RUNS; i++) {
    for (const [j, work] of (i % 2 ? [large, small] : [small, large]).entries()) {
      const which = (i % 2 ? 1 - j : j) as 0 | 1;
      const started = performance.now();
      await work();
      times[which].push(performance.now() - started);
    }
  }
  return [median(times[0]), median(times[1])];
}

// ---- /templates, first page, at 50 and 50,000 templates ---------------------------------
type Org = Awaited<ReturnType<typeof signedInAdmin>> & { size: number };
const orgs: Org[] = [];
for (const size of SIZES) {
  const org = await signedInAdmin(`templates-${size}`);
  // Names in no particular order (md5), a small document and its text, as hand-made templates have.
  await db.$executeRaw`
    INSERT INTO templates (tenant_id, name, description, content, source_text, created_at, updated_at)
    SELECT ${org.actor.tenantId}, 'Template ' || md5(g::text), 'Benchmark template ' || g,
           jsonb_build_object('name', 'Template ' || g, 'body', jsonb_build_object('blocks', jsonb_build_array(g, g + 1))),
           '{"name": "Template ' || g || '", "body": {"blocks": [' || g || ', ' || (g + 1) || ']}}', now(), now()
    FROM generate_series(1, ${size}::int) g`;
  orgs.push({ size, ...org });
}
// What autovacuum does after a bulk insert: statistics and the visibility map.
await db.$executeRawUnsafe("VACUUM ANALYZE templates");

/** What app/templates/page.tsx awaits: requireActor's session check, the page and its count, the proposal marks. */
async function templatesPageData(seal: string) {
  const actor = (await resolveActor(await unsealSession(seal)))!;
  const [listed, count] = await Promise.all([
    listTemplatePage(actor, parseListQuery({ q: undefined, cursor: undefined })),
    countTemplates(actor, undefined),
  ]);
  await openProposalNumbers(
    db,
    actor.tenantId,
    listed.templates.map((t) => t.id),
  );
  if (listed.templates.length !== Math.min(50, count)) throw new Error("the first page is not 50 templates");
}
async function templatesApi(cookie: string) {
  const response = await templatesRoute.GET(
    new Request("http://localhost:3000/api/templates", { headers: { cookie } }),
  );
  const body = (await response.json()) as { templates: unknown[] };
  if (response.status !== 200 || body.templates.length !== 50)
    throw new Error(`GET /api/templates: ${response.status}`);
}
/** The list query and the count alone (both in the page), to show which part grows. */
async function listOnly(actor: Org["actor"]) {
  await listTemplatePage(actor, {});
}
async function countOnly(actor: Org["actor"]) {
  await countTemplates(actor);
}
type Timing = { label: string; small: number; large: number };
const timings: Timing[] = [];
for (const [label, work] of [
  ["`/templates` page data (session check, first page, count, proposal marks)", (o: Org) => templatesPageData(o.seal)],
  ["`GET /api/templates` (route handler: session, first page, JSON)", (o: Org) => templatesApi(o.cookie)],
  ["— of which the first-page query (`listTemplatePage`)", (o: Org) => listOnly(o.actor)],
  ["— of which the count (`countTemplates`)", (o: Org) => countOnly(o.actor)],
] as const) {
  const [small, large] = await timedPair(
    () => work(orgs[0]!),
    () => work(orgs[1]!),
  );
  timings.push({ label, small, large });
  log(`${label}: ${small.toFixed(2)} ms at 50, ${large.toFixed(2)} ms at 50,000`);
}

// ---- a connected organization whose sync reported 5,000 invalid files ---------------------
const admin = await signedInAdmin("sync");
const login = `bench-bounded-${randomBytes(3).toString("hex")}`;
sim.createAccount({ login, type: "Organization" });
const files: Record<string, string> = { "good.json": JSON.stringify({ name: "Good" }) };
for (let i = 0; i < INVALID; i++) files[`bad/file-${String(i).padStart(5, "0")}.json`] = `{"name": ${i}`;
const repo = await sim.createRepository({ owner: login, name: "templates", files });
const { installation } = await sim.install(login);
await db.githubAppInstallation.create({
  data: {
    installationId: BigInt(installation.id),
    accountLogin: login,
    tenantId: admin.actor.tenantId,
    repository: `${login}/templates`,
    repositoryId: BigInt(repo.id),
    repositoryUrl: `${sim.url}/${login}/templates`,
    defaultBranch: "main",
    folder: "",
    linkedAt: new Date(),
  },
});
const githubApp = createGithubApp(getEnv().github!, { retries: false, requestTimeoutMs: 30_000 });
const syncDeps = syncDepsFor(db, () => githubApp);
const request = {
  tenantId: admin.actor.tenantId.toString(),
  installationId: String(installation.id),
  reason: "connect" as const,
};
/** One sync with the steps of SyncGitHubTemplates, in this process; an unchanged head is recorded as skipped. */
async function sync(reason: "connect" | "push") {
  const start = await startRun(syncDeps, { ...request, reason }, `bench-${randomBytes(6).toString("hex")}`);
  if (start.kind !== "run") throw new Error(start.message);
  const head = await resolveHead(syncDeps, start.context);
  if (head.sha === start.context.lastSyncHash) {
    await finishRun(syncDeps, start.context.runId, "skipped", { message: "unchanged", commit: head.sha });
    return "skipped";
  }
  const plan = await readTree(syncDeps, start.context, head);
  await fetchFiles(syncDeps, start.context, head, plan.truncated ? "tarball" : "auto");
  return (await applySync(syncDeps, start.context, head)).status;
}
const stringify = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v));
/**
 * What the page's render runs: requireActor (the layout's call shares it: React's cache is per
 * render), then loadSettingsPage, which loads every section (the test holds these to 12).
 */
async function settingsData() {
  const actor = (await resolveActor(await unsealSession(admin.seal)))!;
  return loadSettingsPage(actor);
}
/** The history response as the browser receives it, and the settings page's data as JSON. */
async function bytesNow() {
  const response = await runsRoute.GET(
    new Request("http://localhost:3000/api/github-sync/runs", { headers: { cookie: admin.cookie } }),
  );
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /api/github-sync/runs: ${response.status}`);
  const runs = (JSON.parse(text) as { runs: { errorCount: number; errors: unknown[] }[] }).runs;
  const page = await settingsData();
  return { historyBytes: Buffer.byteLength(text), runs, pageBytes: Buffer.byteLength(stringify(page)) };
}

let started = performance.now();
log(`syncing ${INVALID.toLocaleString("en")} invalid files…`);
const status = await sync("connect");
log(`first sync: ${status} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const oneRun = await bytesNow();

// ---- statements per settings render ------------------------------------------------------------
for (let i = 0; i < 3; i++) await settingsData(); // warm: the App's configuration, prepared clients
statements.length = 0;
const page = await settingsData();
const pageStatements = statements.splice(0);
if (page.settings.state !== "connected") throw new Error(`settings state ${page.settings.state}`);
const countOf = (list: string[]) => list.filter((sql) => !TRANSACTION_CONTROL.test(sql)).length;

// ---- the history at its cap: every run with the same 5,000 invalid files ----------------------
// Each push changes the one valid file; the invalid ones stay invalid and are reported again.
started = performance.now();
for (let i = 1; i < HISTORY_RUNS; i++) {
  await sim.commit(`${login}/templates`, {
    changes: [{ action: "put", path: "good.json", content: JSON.stringify({ name: `Good ${i}` }) }],
  });
  const result = await sync("push");
  if (result !== "succeeded_with_errors") throw new Error(`push ${i}: ${result}`);
}
log(`${HISTORY_RUNS - 1} more syncs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const fullHistory = await bytesNow();

// ---- report ------------------------------------------------------------------------------------
const ms = (value: number) => `${value.toFixed(2)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB (${bytes.toLocaleString("en")} bytes)`;
const met = (ok: boolean) => (ok ? "met" : "missed");
console.log(
  `\nBounded (issue 20): median of ${RUNS} runs after ${WARMUP} warm-up runs; statements counted on the pg client under Prisma.\n`,
);
console.log("| measure | 50 templates | 50,000 templates | ratio | goal | |");
console.log("| --- | ---: | ---: | ---: | --- | --- |");
for (const [i, t] of timings.entries()) {
  const ratio = t.large / t.small;
  const goal = i < 2 ? `≤ 1.5× | ${met(ratio <= 1.5)}` : "– | –";
  console.log(`| ${t.label} | ${ms(t.small)} | ${ms(t.large)} | ${ratio.toFixed(2)}× | ${goal} |`);
}
console.log(`\n| measure | seen | goal | |\n| --- | ---: | --- | --- |`);
const dataStatements = countOf(pageStatements);
console.log(
  `| SQL statements, settings page render: session check + \`loadSettingsPage\` (every section) | ${dataStatements} (${pageStatements.length - dataStatements} transaction control) | ≤ 12 | ${met(dataStatements <= 12)} |`,
);
const sent = (r: typeof oneRun) =>
  `${r.runs.length} run${r.runs.length === 1 ? "" : "s"}, errorCount ${[...new Set(r.runs.map((x) => x.errorCount))].join("/")} each, ${Math.max(...r.runs.map((x) => x.errors.length))} errors sent per run at most`;
for (const [label, r] of [
  [`one run with ${INVALID.toLocaleString("en")} invalid files`, oneRun],
  [
    `history of ${HISTORY_RUNS} runs (${HISTORY_RUNS >= 50 ? "full" : "not full"}), every run with the same ${INVALID.toLocaleString("en")} invalid files`,
    fullHistory,
  ],
] as const) {
  console.log(
    `| \`GET /api/github-sync/runs\` bytes, ${label} (${sent(r)}) | ${kb(r.historyBytes)} | < 200 KB | ${met(r.historyBytes < 200 * 1024)} |`,
  );
  console.log(
    `| Settings page data bytes (what \`loadSettingsPage\` returns, as JSON), ${label} | ${kb(r.pageBytes)} | < 200 KB | ${met(r.pageBytes < 200 * 1024)} |`,
  );
}
console.log(
  `\nMachine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
);
if (process.env.BENCH_TRACE) console.error(pageStatements.join("\n"));

await db.$disconnect();
await pool.end(); // the adapter does not own a pool it was given
await sim.stop();
if (server) await server.stop();
process.exit(0);
