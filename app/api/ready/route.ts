import path from "node:path";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { loadGithubConfig } from "@/lib/github/config";
import { cachedReadiness, checkReadiness } from "@/lib/observability/readiness";

export const dynamic = "force-dynamic";

const probe = cachedReadiness(() =>
  checkReadiness({
    db: getDb,
    env: getEnv,
    github: () => loadGithubConfig(getDb()),
    migrationsDir: path.join(process.cwd(), "prisma", "migrations"),
  }),
);

/** GET /api/ready: readiness (PostgreSQL, migrations, GitHub configuration), cached for 5 s. 200 or 503. */
export async function GET(): Promise<Response> {
  const { ready, checks, checkedAt } = await probe();
  return Response.json(
    { status: ready ? "ready" : "not_ready", checks, checkedAt: new Date(checkedAt).toISOString() },
    { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
