/**
 * npm run dev / npm start: resolves the database (embedded PostgreSQL in
 * .data/dev when DATABASE_URL is unset, migrated and seeded on first use),
 * in dev mode only starts the stand-ins for GitHub and Inngest that are not
 * configured (scripts/dev-services.ts), validates the environment, then runs
 * `next dev`. npm start validates the production environment first
 * (DATABASE_URL required, never seeds, starts no stand-in), then `next start`.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createDb } from "../lib/db/client";
import { developmentEncryptionKey, developmentSessionSecret, resolveDatabase } from "../lib/db/local-database";
import { EnvError, parseEnv } from "../lib/env";
import { announceSetup } from "../lib/setup/announce";
import { seedDemo } from "../prisma/seed";
import { startDevServices } from "./dev-services";

const mode = process.argv[2];
if (mode !== "dev" && mode !== "start") {
  console.error("usage: tsx scripts/run-app.ts dev|start");
  process.exit(2);
}
const dataDir = process.env.ALLEGRO_DATA_DIR ?? ".data/dev";
const log = (line: string) => console.log(`[allegro] ${line}`);
const env: Record<string, string | undefined> = { ...process.env };
const port = env.PORT ?? "3000";
env.NEXT_TELEMETRY_DISABLED ??= "1";

/** Parses the environment as the app will; prints why it is refused and returns false. */
function checkEnv(): boolean {
  try {
    const parsed = parseEnv(env, mode === "start" ? "production" : "development");
    for (const warning of parsed.warnings) log(`WARNING: ${warning}`);
    return true;
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    return false;
  }
}

// Production never falls back to the embedded database, a generated secret or the demo seed
// (whose password is published): the environment is checked before anything starts.
if (mode === "start" && !checkEnv()) process.exit(1);
if (mode === "dev") env.APP_URL ??= `http://localhost:${port}`;

const database = await resolveDatabase({ databaseUrl: env.DATABASE_URL, dataDir, log });
env.DATABASE_URL = database.url;
if (database.embedded) {
  const db = createDb(database.url);
  if ((await db.tenant.count()) === 0) {
    await seedDemo(db);
    log("empty database: seeded the demo organization Acme (admin@acme.test / allegro-admin)");
  }
  await db.$disconnect();
  env.SESSION_SECRET ??= developmentSessionSecret(dataDir, log);
}
if (mode === "dev") env.ALLEGRO_ENCRYPTION_KEY ??= developmentEncryptionKey(dataDir, log);

// While no GitHub App is set up, each production start prints where to set it up and a setup code.
if (mode === "start") {
  const db = createDb(database.url);
  const { lines, problem } = await announceSetup(db, parseEnv(env, "production"));
  await db.$disconnect();
  for (const line of lines) log(line);
  if (problem) {
    console.error(problem);
    await database.stop();
    process.exit(1);
  }
}

// Never in `npm start`: production talks to the real GitHub and Inngest only.
const devServices = mode === "dev" ? await startDevServices(env, { dataDir, log }) : null;
const stopServices = async () => {
  await devServices?.stop();
  await database.stop();
};

if (mode === "dev" && !checkEnv()) {
  await stopServices();
  process.exit(1);
}

const next = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), mode, "-p", port], {
  env: env as NodeJS.ProcessEnv,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
next.on("exit", async (code) => {
  await stopServices();
  process.exit(code ?? 0);
});
