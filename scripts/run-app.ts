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
import { EnvError, parseEnv, type AppEnv } from "../lib/env";
import { announceSetup } from "../lib/setup/announce";
import { seedDemo } from "../prisma/seed";
import { startDevServices } from "./dev-services";
import { listenAddress } from "./listen-address";

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

/** Parses the environment as the app will; prints why it is refused and returns null. */
function checkEnv(): AppEnv | null {
  try {
    const parsed = parseEnv(env, mode === "start" ? "production" : "development");
    for (const warning of parsed.warnings) log(`WARNING: ${warning}`);
    return parsed;
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    return null;
  }
}

// Production never falls back to the embedded database, a generated secret or the demo seed
// (whose password is published): the environment is checked before anything starts.
const productionEnv = mode === "start" ? checkEnv() : null;
if (mode === "start" && !productionEnv) process.exit(1);
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

const parsedEnv = productionEnv ?? checkEnv();
if (!parsedEnv) {
  await stopServices();
  process.exit(1);
}

const { host, notes } = listenAddress(mode, env.HOST, parsedEnv);
for (const note of notes) log(note);
// Next keeps a client's own X-Forwarded-For: the hook puts the address the app may believe there.
env.ALLEGRO_CLIENT_ADDRESS_HOOK = "1";
const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
const hook = path.join("scripts", "client-address-hook.mjs");
const next = spawn(process.execPath, ["--import", `./${hook}`, nextBin, mode, "-p", port, "-H", host], {
  env: env as NodeJS.ProcessEnv,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
next.on("exit", async (code) => {
  await stopServices();
  process.exit(code ?? 0);
});
