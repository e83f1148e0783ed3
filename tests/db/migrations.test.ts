import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ensureDatabase } from "@/lib/db/embedded-postgres";
import { runMigrations } from "@/lib/db/migrate";

const run = promisify(execFile);
const serverUrl = inject("serverUrl");
const scratch: string[] = [];

async function freshDatabase(): Promise<string> {
  const name = `scratch_${Date.now()}_${randomBytes(3).toString("hex")}`;
  scratch.push(name);
  return ensureDatabase(serverUrl, name);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The parts of a schema that matter, read from the catalogs, excluding Prisma's bookkeeping table. */
async function describeSchema(url: string) {
  const columns = await query(
    url,
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, datetime_precision
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      ORDER BY table_name, column_name`,
  );
  const constraints = await query(
    url,
    `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
      ORDER BY 1, 2`,
  );
  const indexes = await query(
    url,
    `SELECT tablename, indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`,
  );
  const enums = await query(
    url,
    `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY 1`,
  );
  return { columns, constraints, indexes, enums };
}

afterAll(async () => {
  for (const name of scratch) await query(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

describe("migrations", () => {
  it("apply to an empty database and are idempotent", async () => {
    const url = await freshDatabase();
    await runMigrations(url);
    const first = await query<{ migration_name: string }>(
      url,
      "SELECT migration_name FROM _prisma_migrations ORDER BY 1",
    );
    expect(first.length).toBeGreaterThan(0);
    await runMigrations(url);
    const second = await query<{ migration_name: string; finished_at: Date | null }>(
      url,
      "SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY 1",
    );
    expect(second.map((m) => m.migration_name)).toEqual(first.map((m) => m.migration_name));
    expect(second.every((m) => m.finished_at !== null)).toBe(true);
    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(["tenants", "users", "memberships", "templates", "github_app_installations"]),
    );
  }, 180_000);

  it("apply each file whole, as one transaction: a plpgsql body runs, a file that fails half-way leaves nothing", async () => {
    // A project beside this one with its own migrations folder, run by the same prisma.config.ts.
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "allegro-migrations-"));
    for (const entry of ["node_modules", "lib", "package.json", "tsconfig.json"])
      fs.symlinkSync(path.resolve(entry), path.join(project, entry));
    // Copied, not linked: Prisma finds the schema (and so the migrations) beside the config's real path.
    fs.copyFileSync("prisma.config.ts", path.join(project, "prisma.config.ts"));
    fs.mkdirSync(path.join(project, "prisma/migrations"), { recursive: true });
    fs.copyFileSync("prisma/schema.prisma", path.join(project, "prisma/schema.prisma"));
    fs.copyFileSync(
      "prisma/migrations/migration_lock.toml",
      path.join(project, "prisma/migrations/migration_lock.toml"),
    );
    const migration = (name: string, sql: string) => {
      fs.mkdirSync(path.join(project, "prisma/migrations", name));
      fs.writeFileSync(path.join(project, "prisma/migrations", name, "migration.sql"), sql);
    };
    try {
      const url = await freshDatabase();
      migration(
        "1_function",
        `-- A comment with a semicolon; and a function body with several.
CREATE TABLE probe (n int);
CREATE FUNCTION probe_double(n int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  IF n IS NULL THEN RETURN 0; END IF;
  RETURN n * 2;
END;
$$;`,
      );
      await runMigrations(url, project);
      expect(await query(url, "SELECT probe_double(21) AS doubled")).toEqual([{ doubled: 42 }]);

      migration("2_half", "INSERT INTO probe VALUES (1);\nCREATE TABLE probe (n int);");
      await expect(runMigrations(url, project)).rejects.toThrow(/relation "probe" already exists/);
      expect(await query(url, "SELECT count(*)::int AS rows FROM probe")).toEqual([{ rows: 0 }]);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  }, 180_000);

  it("agree with prisma/schema.prisma", async () => {
    const fromMigrations = await freshDatabase();
    await runMigrations(fromMigrations);

    const fromSchema = await freshDatabase();
    const { stdout: script } = await run(
      process.execPath,
      [
        "node_modules/prisma/build/index.js",
        "migrate",
        "diff",
        "--from-empty",
        "--to-schema-datamodel",
        "prisma/schema.prisma",
        "--script",
      ],
      { env: { ...process.env, DATABASE_URL: fromSchema } },
    );
    expect(script).toContain("CREATE TABLE");
    await query(fromSchema, script);
    // Partial indexes live in migrations only: the schema language cannot express them.
    await query(fromSchema, fs.readFileSync("prisma/sql/partial-indexes.sql", "utf8"));

    const [expected, actual] = await Promise.all([describeSchema(fromSchema), describeSchema(fromMigrations)]);
    expect(actual.columns).toEqual(expected.columns);
    expect(actual.constraints).toEqual(expected.constraints);
    expect(actual.indexes).toEqual(expected.indexes);
    expect(actual.enums).toEqual(expected.enums);
  }, 180_000);

  it("github_app_installations has the documented columns", async () => {
    const rows = await query<{ column_name: string; data_type: string; is_nullable: string }>(
      process.env.DATABASE_URL!,
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'github_app_installations'`,
    );
    const byName = Object.fromEntries(rows.map((r) => [r.column_name, r]));
    expect(byName.installation_id).toMatchObject({ data_type: "bigint", is_nullable: "NO" });
    expect(byName.tenant_id).toMatchObject({ data_type: "bigint", is_nullable: "YES" });
    for (const column of [
      "account_login",
      "repository",
      "default_branch",
      "last_sync_at",
      "last_sync_hash",
      "last_sync_errors",
      "deleted_at",
    ]) {
      expect(byName[column], column).toMatchObject({ is_nullable: "YES" });
    }
    expect(byName.last_sync_errors!.data_type).toBe("jsonb");
  });
});
