import fs from "node:fs";
import path from "node:path";
import { z } from "../zod";
import type { Db, Prisma } from "../db/client";
import { getEnv } from "../env";
import { isLoopbackUrl } from "../env-production";
import { loadGithubConfig } from "../github/config";
import { check, type SetupCheck } from "./check-types";
import { checkGithubApp } from "./github-checks";

export type SetupReport = { checkedAt: string; results: SetupCheck[] };

const reportSchema = z.array(
  z.object({
    id: z.string(),
    title: z.string(),
    status: z.enum(["pass", "warning", "failure"]),
    detail: z.string(),
    fix: z.string().optional(),
  }),
);

/** The last report, as the page shows it (the page never runs the checks itself). */
export async function readSetupReport(db: Db): Promise<SetupReport | null> {
  const row = await db.setupCheckReport.findUnique({ where: { id: 1 } });
  const results = reportSchema.safeParse(row?.results);
  return row && results.success ? { checkedAt: row.checkedAt.toISOString(), results: results.data } : null;
}

/** Runs every check and keeps the report. `inngestUrl`: the serve endpoint to ask (default APP_URL/api/inngest). */
export async function runSetupChecks(
  db: Db,
  { now = new Date(), fetchImpl = fetch }: { now?: Date; fetchImpl?: typeof fetch } = {},
): Promise<SetupReport> {
  const env = getEnv();
  const results: SetupCheck[] = [await checkMigrations(db)];
  const config = await loadGithubConfig(db).catch(() => null);
  if (config) results.push(...(await checkGithubApp(config, env.appUrl)));
  else
    results.push(
      check(
        "app",
        "A GitHub App is configured",
        "failure",
        "No GitHub App yet.",
        "Create one above (Create GitHub App).",
      ),
    );
  results.push(await checkInngest(env.mode, env.appUrl, fetchImpl));
  results.push(
    env.mode === "production" && isLoopbackUrl(env.appUrl)
      ? check(
          "app-url",
          "APP_URL is reachable from GitHub",
          "failure",
          `APP_URL is ${env.appUrl}, a loopback address.`,
          "Set APP_URL to the public https URL people and GitHub use.",
        )
      : check(
          "app-url",
          "APP_URL is reachable from GitHub",
          env.mode === "production" ? "pass" : "warning",
          env.mode === "production"
            ? `APP_URL is ${env.appUrl}.`
            : `Development: APP_URL is ${env.appUrl} (loopback is fine here, not in production).`,
        ),
  );
  const report = { checkedAt: now.toISOString(), results };
  const json = results as unknown as Prisma.InputJsonValue;
  await db.setupCheckReport.upsert({
    where: { id: 1 },
    create: { id: 1, checkedAt: now, results: json },
    update: { checkedAt: now, results: json },
  });
  return report;
}

async function checkMigrations(db: Db): Promise<SetupCheck> {
  const title = "The database is migrated";
  let applied: { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }[];
  try {
    applied = await db.$queryRaw`SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations`;
  } catch {
    return check(
      "database",
      title,
      "failure",
      "No migrations table.",
      "Run `npm run db:migrate` (prisma migrate deploy).",
    );
  }
  const failed = applied
    .filter((m) => m.finished_at === null && m.rolled_back_at === null)
    .map((m) => m.migration_name);
  if (failed.length)
    return check(
      "database",
      title,
      "failure",
      `Failed migrations: ${failed.join(", ")}.`,
      "Resolve them (prisma migrate resolve), then run `npm run db:migrate`.",
    );
  const done = new Set(applied.filter((m) => m.finished_at).map((m) => m.migration_name));
  let known: string[];
  try {
    known = fs.readdirSync(path.join(process.cwd(), "prisma", "migrations")).filter((n) => /^\d{14}_/.test(n));
  } catch {
    return check(
      "database",
      title,
      "warning",
      `${done.size} migrations applied; the migrations folder is not here to compare.`,
    );
  }
  const pending = known.filter((n) => !done.has(n));
  return pending.length
    ? check(
        "database",
        title,
        "failure",
        `Not applied: ${pending.join(", ")}.`,
        "Run `npm run db:migrate` (prisma migrate deploy).",
      )
    : check("database", title, "pass", `All ${known.length} migrations applied.`);
}

const inngestSchema = z
  .object({
    function_count: z.number(),
    has_event_key: z.boolean().optional(),
    has_signing_key: z.boolean().optional(),
    mode: z.string().optional(),
  })
  .loose();

async function checkInngest(mode: string, appUrl: string, fetchImpl: typeof fetch): Promise<SetupCheck> {
  const title = "Inngest runs the sync jobs";
  if (mode !== "production")
    return check("inngest", title, "pass", "Development: the Inngest Dev Server or the local stand-in runs them.");
  try {
    const response = await fetchImpl(`${appUrl}/api/inngest`, { signal: AbortSignal.timeout(10_000) });
    const info = inngestSchema.parse(await response.json());
    if (!info.has_signing_key || !info.has_event_key)
      return check(
        "inngest",
        title,
        "failure",
        "INNGEST_SIGNING_KEY or INNGEST_EVENT_KEY is not set.",
        "Set both from Inngest Cloud or your self-hosted server.",
      );
    if (info.function_count === 0)
      return check(
        "inngest",
        title,
        "failure",
        "The serve endpoint has no functions.",
        "Redeploy; then register with `curl -X PUT <APP_URL>/api/inngest`.",
      );
    return check(
      "inngest",
      title,
      "pass",
      `Keys set; ${info.function_count} functions served at /api/inngest (mode ${info.mode ?? "cloud"}).`,
      undefined,
    );
  } catch {
    return check(
      "inngest",
      title,
      "failure",
      `${appUrl}/api/inngest did not answer.`,
      "Check that APP_URL reaches this server.",
    );
  }
}
