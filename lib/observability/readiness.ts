import fs from "node:fs/promises";
import type { Db } from "../db/client";
import { EnvError, type AppEnv, type GithubConfig } from "../env";
import { AppError } from "../errors";

export type ReadinessCheck = { name: "database" | "migrations" | "github"; ok: boolean; detail: string };
export type Readiness = { ready: boolean; checks: ReadinessCheck[] };

type Deps = {
  db: () => Db;
  /** prisma/migrations: each folder holding a migration.sql is one migration. */
  migrationsDir: string;
  /** The parsed environment; throws EnvError when it is invalid. */
  env: () => AppEnv;
  /**
   * The GitHub App in use: the environment's, else the one one-click setup stored
   * (`loadGithubConfig`). Without it only the environment counts.
   */
  github?: () => Promise<GithubConfig | null>;
  timeoutMs?: number;
};

const withTimeout = <T>(work: Promise<T>, ms: number, what: string) =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref(),
    ),
  ]);

async function expectedMigrations(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map(async (entry) =>
        (await fs.access(`${dir}/${entry.name}/migration.sql`).then(
          () => true,
          () => false,
        ))
          ? entry.name
          : null,
      ),
  );
  return names.filter((name): name is string => name !== null).sort();
}

async function checkDatabase(deps: Deps, timeoutMs: number): Promise<ReadinessCheck> {
  try {
    await withTimeout(deps.db().$queryRaw`SELECT 1`, timeoutMs, "PostgreSQL");
    return { name: "database", ok: true, detail: "PostgreSQL answers" };
  } catch (error) {
    const reason =
      error instanceof Error && /did not answer/.test(error.message) ? error.message : "PostgreSQL is unreachable";
    return { name: "database", ok: false, detail: reason };
  }
}

async function checkMigrations(deps: Deps, timeoutMs: number): Promise<ReadinessCheck> {
  let expected: string[];
  try {
    expected = await expectedMigrations(deps.migrationsDir);
  } catch {
    return { name: "migrations", ok: false, detail: "the migrations folder is missing from this build" };
  }
  try {
    const rows = await withTimeout(
      deps.db().$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      timeoutMs,
      "PostgreSQL",
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    const missing = expected.filter((name) => !applied.has(name));
    if (missing.length)
      return {
        name: "migrations",
        ok: false,
        detail: `${missing.length} of ${expected.length} migrations not applied (${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", …" : ""}): run npm run db:migrate`,
      };
    return { name: "migrations", ok: true, detail: `all ${expected.length} migrations applied` };
  } catch {
    return { name: "migrations", ok: false, detail: "cannot read _prisma_migrations: run npm run db:migrate" };
  }
}

async function checkGithub(deps: Deps, timeoutMs: number): Promise<ReadinessCheck> {
  let github: GithubConfig | null;
  try {
    github = deps.env().github;
  } catch (error) {
    // EnvError names the variables at fault and never their values.
    const detail = error instanceof EnvError ? error.problems.join("; ") : "the configuration cannot be read";
    return { name: "github", ok: false, detail };
  }
  if (github) return { name: "github", ok: true, detail: `GitHub App ${github.appId} on ${github.apiUrl}` };
  if (deps.github) {
    try {
      const stored = await withTimeout(deps.github(), timeoutMs, "PostgreSQL");
      if (stored)
        return {
          name: "github",
          ok: true,
          detail: `GitHub App ${stored.appId} on ${stored.apiUrl}, stored by one-click setup`,
        };
    } catch (error) {
      // AppError messages are written for people (a missing ALLEGRO_ENCRYPTION_KEY); anything
      // else (a decryption failure, an unreachable database) is named without its details.
      const detail =
        error instanceof AppError
          ? error.message
          : error instanceof Error && /did not answer/.test(error.message)
            ? error.message
            : "the stored GitHub App cannot be read";
      return { name: "github", ok: false, detail };
    }
  }
  return {
    name: "github",
    ok: false,
    detail: `GitHub App not configured: set ${["GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_WEBHOOK_SECRET", "GITHUB_APP_URL"].join(", ")}, or create one at /setup/github`,
  };
}

/**
 * PostgreSQL answers, every committed migration is applied, and a GitHub App is configured (in
 * the environment, or stored by one-click setup).
 */
export async function checkReadiness(deps: Deps): Promise<Readiness> {
  const timeoutMs = deps.timeoutMs ?? 2000;
  const checks = [
    await checkDatabase(deps, timeoutMs),
    await checkMigrations(deps, timeoutMs),
    await checkGithub(deps, timeoutMs),
  ];
  return { ready: checks.every((check) => check.ok), checks };
}

/**
 * Caches the answer for `ttlMs`, and probes that arrive while one check runs share it, so
 * any number of probes costs PostgreSQL at most a couple of queries every few seconds.
 */
export function cachedReadiness(
  check: () => Promise<Readiness>,
  { ttlMs = 5000, now = () => Date.now() }: { ttlMs?: number; now?: () => number } = {},
): () => Promise<Readiness & { checkedAt: number }> {
  let cached: { at: number; result: Promise<Readiness & { checkedAt: number }> } | null = null;
  return () => {
    const at = now();
    if (!cached || at - cached.at >= ttlMs) {
      const result = check().then((readiness) => ({ ...readiness, checkedAt: at }));
      cached = { at, result };
      // A check that throws is not kept: the next probe tries again.
      result.catch(() => {
        if (cached?.result === result) cached = null;
      });
    }
    return cached.result;
  };
}
