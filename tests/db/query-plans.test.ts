import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { ensureDatabase } from "@/lib/db/embedded-postgres";
import { PrismaClient } from "@/lib/db/generated/client.ts";
import { runMigrations } from "@/lib/db/migrate";
import { listRecentDeliveries } from "@/lib/github-sync/recent-deliveries";
import { countTemplates, listTemplatePage } from "@/lib/templates/list";
import { getSyncHistory } from "@/lib/sync/history";
import { findWaitingRequests, relayOutbox } from "@/lib/sync/outbox";
import { listFileProblems } from "@/lib/sync/problem-list";
import { findStaleConnections } from "@/lib/sync/reconcile";
import { closeNotStartedRuns, closeStalledRuns } from "@/lib/sync/watchdog";

/**
 * The frequent queries stay on indexes at production sizes: 100,000 rows in each of the tables
 * they read, spread over many organizations and installations, and the planner's statistics
 * from ANALYZE. The app's own functions run against a database of this file's own (nothing is
 * shared with other files), through a pg client that asks PostgreSQL to EXPLAIN every statement,
 * with its real parameters, before running it: what is checked is exactly what the app sends.
 */

const ROWS = 100_000;
const TENANTS = 200;
/** The tables that grow without bound; the others hold a row or a few per organization. */
const BIG_TABLES = ["webhook_deliveries", "sync_runs", "sync_outbox", "sync_file_problems"];
/** A scan that reads more of a big table than this (EXPLAIN ANALYZE of a SELECT) walks it, index or not. */
const MOST_ROWS_READ = ROWS / 10;
const TEMPLATES_LIVE = 50_000;
const TEMPLATES_DELETED = 20_000;

type PlanNode = {
  "Node Type": string;
  "Heap Fetches"?: number;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
};
type Captured = { sql: string; plan: PlanNode };

let capturing: Captured[] | null = null;

/**
 * A pg client that EXPLAINs each statement, with the same parameters, before running it while
 * capturing. SELECTs are run under EXPLAIN ANALYZE too (reading twice changes nothing), which
 * tells how many rows each scan read; the other statements are planned only.
 */
class ExplainingClient extends pg.Client {
  // pg's overloads cannot be restated in a subclass; the adapter always calls query({text, values, …}, values).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    const text: unknown = typeof config === "object" && config ? config.text : undefined;
    const log = capturing;
    if (!log || typeof text !== "string" || !/^\s*(SELECT|UPDATE|DELETE|INSERT|WITH)\b/i.test(text))
      return super.query(config, values, callback);
    const options = /^\s*SELECT\b/i.test(text) ? "ANALYZE, FORMAT JSON" : "FORMAT JSON";
    const explained = (
      super.query({ text: `EXPLAIN (${options}) ${text}`, values: config.values ?? values }) as Promise<
        pg.QueryResult<{ "QUERY PLAN": [{ Plan: PlanNode }] }>
      >
    ).then((result) => void log.push({ sql: text, plan: result.rows[0]!["QUERY PLAN"][0].Plan }));
    // The pool passes a callback; the adapter's transactions use the promise.
    if (!callback) return explained.then(() => super.query(config, values));
    explained.then(() => super.query(config, values, callback), callback);
  }
}

const serverUrl = inject("serverUrl");
const name = `plans_${Date.now()}_${randomBytes(3).toString("hex")}`;
let pool: pg.Pool;
let db: Db;
/** Each index of the schema: its first column (null for an expression) and whether it is partial. */
let indexes: Map<string, { leading: string | null; partial: boolean }>;
const now = new Date();

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

const rowsRead = (n: PlanNode) =>
  ((n["Actual Rows"] ?? 0) + (n["Rows Removed by Filter"] ?? 0) + (n["Rows Removed by Index Recheck"] ?? 0)) *
  (n["Actual Loops"] ?? 1);

/**
 * Why a plan node reads a big table from end to end, or null: a sequential scan; an index scan
 * with no condition on the index's first column, on an index that holds every row (a walk of
 * the whole table or index in its order); or, measured, a scan that read most of the table.
 * A partial index without a condition reads only the rows the index holds.
 */
function wholeTableScan(n: PlanNode): string | null {
  const index = n["Index Name"] ? indexes.get(n["Index Name"]) : undefined;
  const big = BIG_TABLES.some((t) => n["Relation Name"] === t || n["Index Name"]?.startsWith(`${t}_`));
  if (!big) return null;
  const what = [n["Node Type"], "on", n["Relation Name"], n["Index Name"]].filter(Boolean).join(" ");
  if (n["Node Type"] === "Seq Scan") return what;
  if (index && !index.partial && index.leading !== null) {
    const cond = n["Index Cond"] ?? "";
    if (!new RegExp(`\\(${index.leading} `).test(cond)) return `${what}: no condition on ${index.leading}`;
  }
  if (n["Actual Rows"] !== undefined && rowsRead(n) > MOST_ROWS_READ) return `${what}: read ${rowsRead(n)} rows`;
  return null;
}

/** Runs the app's code, then checks every statement it sent that reads each of `tables`, and that there was one. */
async function expectIndexed<T>(tables: string[], run: () => Promise<T>): Promise<T> {
  const log: Captured[] = [];
  capturing = log;
  let result: T;
  try {
    result = await run();
  } finally {
    capturing = null;
  }
  for (const table of tables) {
    const reading = log.filter((c) => new RegExp(`\\b${table}\\b`).test(c.sql));
    expect(reading.length, `no statement read ${table}`).toBeGreaterThan(0);
    for (const { sql, plan } of reading) {
      const scans = nodes(plan).flatMap((n) => wholeTableScan(n) ?? []);
      expect(scans, `${sql}\n${JSON.stringify(plan, null, 1)}`).toEqual([]);
    }
  }
  return result;
}

function actorOf(tenant: number): Actor {
  const tenantId = BigInt(tenant);
  return {
    userId: 1n,
    tenantId,
    role: "admin",
    userName: "Planner",
    userEmail: "planner@example.com",
    tenantName: `Org ${tenant}`,
    organizations: [{ id: tenantId, name: `Org ${tenant}`, role: "admin" }],
  };
}

beforeAll(async () => {
  // A copy of the run's migrated database (quick) when each worker has its own; otherwise migrate a fresh one.
  const url = inject("databasePerWorker")
    ? await ensureDatabase(serverUrl, name, new URL(inject("databaseUrl")).pathname.slice(1))
    : await ensureDatabase(serverUrl, name);
  if (!inject("databasePerWorker")) await runMigrations(url);
  pool = new pg.Pool({ connectionString: url, max: 2 });
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4, Client: ExplainingClient }) });
  const seed = await pool.connect();
  try {
    // Tenants 1..200, each with a connected installation (installation_id = 1000 + tenant) whose
    // repository is not set, so the reconcile finds nothing to ask GitHub about. Tenant 7's
    // installation is a quiet one: its 5 deliveries are the oldest, so a newest-first walk of
    // everyone's deliveries would read nearly all of them before finding its 20 (here 5).
    // One run in 5,000 is unfinished (queued or running, a Sync Now or a push), and one outbox row in
    // 10,000 unsent (a Sync Now, for half of the running runs).
    await seed.query(
      `INSERT INTO tenants (id, name, slug, updated_at) SELECT g, 'Org ' || g, 'org-' || g, now() FROM generate_series(1, ${TENANTS}) g;
       INSERT INTO github_app_installations (installation_id, tenant_id, linked_at, updated_at)
         SELECT 1000 + g, g, now() - interval '400 days', now() FROM generate_series(1, ${TENANTS}) g;
       INSERT INTO webhook_deliveries (id, event, installation_id, received_at, processed_at, outcome)
         SELECT 'delivery-' || g, 'push', CASE WHEN g % ${TENANTS} = 6 AND g < ${ROWS - 1000} THEN 1001 ELSE 1000 + g % ${TENANTS} + 1 END,
                now() - g * interval '1 minute', now(), 'processed'
         FROM generate_series(1, ${ROWS}) g;
       INSERT INTO sync_runs (tenant_id, installation_id, reason, status, created_at, started_at, finished_at)
         SELECT g % ${TENANTS} + 1, 1000 + g % ${TENANTS} + 1, 'push', 'succeeded',
                now() - g * interval '1 minute', now() - g * interval '1 minute', now() - g * interval '1 minute'
         FROM generate_series(1, ${ROWS}) g;
       UPDATE sync_runs SET status = CASE WHEN id / 5000 % 2 = 0 THEN 'queued' ELSE 'running' END, finished_at = NULL,
                            reason = CASE WHEN id / 5000 % 4 = 0 THEN 'manual' ELSE 'push' END
         WHERE id % 5000 = 0;
       INSERT INTO sync_outbox (tenant_id, installation_id, reason, request, created_at, next_attempt_at, sent_at)
         SELECT g % ${TENANTS} + 1, 1000 + g % ${TENANTS} + 1, CASE WHEN g % 10000 = 5000 THEN 'manual' ELSE 'push' END,
                jsonb_build_object('tenantId', (g % ${TENANTS} + 1)::text, 'installationId', (1000 + g % ${TENANTS} + 1)::text,
                                   'reason', 'manual', 'syncRunId', g::text),
                now() - g * interval '1 minute', now() - g * interval '1 minute',
                CASE WHEN g % 10000 = 5000 THEN NULL ELSE now() - g * interval '1 minute' END
         FROM generate_series(1, ${ROWS}) g;
       INSERT INTO sync_file_problems (tenant_id, path, sha, problem)
         SELECT g % ${TENANTS} + 1, 'templates/' || lpad(g::text, 6, '0') || '.json', md5(g::text), '{"message": "Not JSON."}'
         FROM generate_series(1, ${ROWS}) g;
       ANALYZE tenants, github_app_installations, webhook_deliveries, sync_runs, sync_outbox, sync_file_problems`,
    );
    // Templates: tenant 7 keeps 50,000 live and 20,000 deleted ones, the other organizations share 30,000.
    await seed.query(
      `INSERT INTO templates (tenant_id, name, content, deleted_at, updated_at)
         SELECT CASE WHEN g <= ${TEMPLATES_LIVE + TEMPLATES_DELETED} THEN 7 ELSE g % 100 + 8 END,
                'Template ' || lpad(g::text, 6, '0'), '{}'::jsonb,
                CASE WHEN g > ${TEMPLATES_LIVE} AND g <= ${TEMPLATES_LIVE + TEMPLATES_DELETED} THEN now() END, now()
         FROM generate_series(1, ${ROWS}) g`,
    );
    // What autovacuum does for a table that stopped changing: statistics and the visibility map.
    await seed.query("VACUUM (ANALYZE) templates");
    const { rows } = await seed.query<{ name: string; leading: string | null; partial: boolean }>(
      `SELECT i.indexrelid::regclass::text AS name, a.attname AS leading, i.indpred IS NOT NULL AS partial
         FROM pg_index i LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
        WHERE i.indrelid::regclass::text = ANY($1)`,
      [BIG_TABLES],
    );
    indexes = new Map(rows.map((r) => [r.name, { leading: r.leading, partial: r.partial }]));
  } finally {
    seed.release();
  }
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await pool?.end();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe("query plans at 100,000 rows", () => {
  it("the settings page's recent deliveries: by (installation_id, received_at)", async () => {
    await expectIndexed(["webhook_deliveries"], async () => {
      const deliveries = await listRecentDeliveries(db, actorOf(7));
      expect(deliveries).toHaveLength(5);
    });
  });

  it("the sync history: an organization's newest runs by (tenant_id, id)", async () => {
    await expectIndexed(["sync_runs"], async () => {
      const history = await getSyncHistory({ db, now: () => now }, actorOf(7), { dashboardUrl: "http://inngest" });
      expect(history.runs).toHaveLength(50);
    });
  });

  it("the settings page's waiting requests: an organization's unsent outbox rows", async () => {
    await expectIndexed(["sync_outbox"], async () => {
      expect(await findWaitingRequests(db, 7n, now)).toBeNull();
      expect(await findWaitingRequests(db, 1n, now)).toMatchObject({ count: ROWS / 10_000 });
    });
  });

  it("the invalid files of the last sync, paged by (tenant_id, path)", async () => {
    await expectIndexed(["sync_file_problems"], async () => {
      const first = await listFileProblems(actorOf(7), { limit: 50 }, db);
      expect(first.problems).toHaveLength(50);
      const second = await listFileProblems(actorOf(7), { limit: 50, cursor: first.next_cursor! }, db);
      expect(second.problems[0]!.path > first.problems.at(-1)!.path).toBe(true);
    });
  });

  it("the reconcile: organizations with a request on its way or an unfinished run", async () => {
    const noGithub = async (): Promise<never> => {
      throw new Error("the reconcile asked GitHub about a connection without a repository");
    };
    const stale = await expectIndexed(["sync_runs", "sync_outbox"], () =>
      findStaleConnections({ db, now: () => now, installationClient: noGithub }),
    );
    expect(stale).toEqual([]);
  });

  it("the watchdog: Sync Now runs never started, and runs that stalled", async () => {
    const later = () => new Date(now.getTime() + 24 * 60 * 60 * 1000);
    // Of the 20 unfinished runs: the queued Sync Now ones without an unsent request never started,
    // and every other one stalled.
    const notStarted = await expectIndexed(["sync_runs", "sync_outbox"], () => closeNotStartedRuns({ db, now: later }));
    const stalled = await expectIndexed(["sync_runs", "sync_outbox"], () => closeStalledRuns({ db, now: later }));
    expect(notStarted).toBeGreaterThan(0);
    expect(stalled).toBeGreaterThan(0);
  });

  it("the templates list and its count: live templates only, from the partial index, the count without the heap", async () => {
    const log: Captured[] = [];
    capturing = log;
    try {
      const page = await listTemplatePage(actorOf(7), { limit: 50 }, db);
      expect(page.templates).toHaveLength(50);
      expect(await countTemplates(actorOf(7), undefined, db)).toBe(TEMPLATES_LIVE);
      expect(await countTemplates(actorOf(7), "Template 00012", db)).toBe(10);
    } finally {
      capturing = null;
    }
    const [list, count, search] = log.filter((c) => /\btemplates\b/.test(c.sql));
    const scanOf = (c: Captured | undefined) =>
      nodes(c!.plan).find((n) => n["Relation Name"] === "templates" || n["Index Name"]?.startsWith("templates_"))!;
    // The first page reads its 51 rows (one more tells whether a next page exists) in index order.
    expect(scanOf(list)).toMatchObject({ "Index Name": "templates_live_list_idx", "Actual Rows": 51 });
    // The count reads the index alone: no deleted row, no heap page.
    for (const c of [count, search])
      expect(scanOf(c), JSON.stringify(c!.plan)).toMatchObject({
        "Node Type": "Index Only Scan",
        "Index Name": "templates_live_list_idx",
        "Heap Fetches": 0,
      });
  });

  it("the outbox relay: the due, unsent requests", async () => {
    const sent: string[] = [];
    await expectIndexed(["sync_outbox"], () =>
      relayOutbox({ db, now: () => now, send: async (events) => void sent.push(...events.map((e) => e.id)) }),
    );
    expect(sent).toHaveLength(ROWS / 10_000);
  });
});
