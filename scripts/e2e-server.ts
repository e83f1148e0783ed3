/**
 * The server Playwright tests run against: a production build (`next start`) on a
 * fresh embedded PostgreSQL in .data/e2e (or DATABASE_URL), seeded with the demo
 * data, talking to the GitHub simulator (port + 1) and to the local Inngest
 * executor (tools/inngest-local), which runs the app's functions through /api/inngest.
 *
 * `e2e-server.ts <port> unconfigured` (playwright.setup.config.ts): no GitHub App is configured,
 * so /setup/github creates one in the simulator (the manifest flow), with E2E_SETUP_CODE as the
 * operator's setup code; its data goes to .data/e2e-unconfigured.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createDb } from "../lib/db/client";
import { resolveDatabase } from "../lib/db/local-database";
import { runMigrations } from "../lib/db/migrate";
import { DEMO_USERS, seedDemo } from "../prisma/seed";
import { startGithubSimulator, WRITE_PERMISSIONS } from "../tools/github-simulator";
import { startLocalInngest } from "../tools/inngest-local";
import { startMailCatcher } from "../tools/mail-catcher";
import { E2E_SETUP_CODE } from "./e2e-setup-code";

const port = process.argv[2] ?? "3100";
const unconfigured = process.argv[3] === "unconfigured";
const dataDir = unconfigured ? ".data/e2e-unconfigured" : ".data/e2e";
const log = (line: string) => console.log(`[e2e-server] ${line}`);

if (!process.env.DATABASE_URL) fs.rmSync(dataDir, { recursive: true, force: true });
const database = await resolveDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir, log });
if (!database.embedded) await runMigrations(database.url);
const db = createDb(database.url);
await seedDemo(db);
// Each spec that connects GitHub (or walks a connection through its states and leaves templates
// behind) gets an organization of its own, so the demo organizations' specs start from what they expect.
const admin = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS.admin.email } });
for (const name of ["Umbrella", "Wayne", "Hooli", "Initech", "Stark", "Tyrell", "Cyberdyne"]) {
  const tenant = await db.tenant.upsert({
    where: { slug: name.toLowerCase() },
    update: {},
    create: { name, slug: name.toLowerCase() },
  });
  await db.membership.upsert({
    where: { userId_tenantId: { userId: admin.id, tenantId: tenant.id } },
    update: {},
    create: { userId: admin.id, tenantId: tenant.id, role: "admin" },
  });
}
await db.$disconnect();

const appUrl = `http://localhost:${port}`;
const simulator = await startGithubSimulator({
  port: Number(port) + 1,
  setupUrl: `${appUrl}/github/callback`,
  webhookUrl: `${appUrl}/github/webhooks`,
  oauthOnInstall: true,
  // As `npm run dev` does: the app may propose changes (contents and pull requests: write).
  app: { permissions: { ...WRITE_PERMISSIONS } },
});
const inngest = await startLocalInngest({ log: (line) => log(`[inngest-local] ${line}`) });
// Notifications' mail (SMTP on port + 2, its page on port + 3, where specs read it).
const mail = await startMailCatcher({ smtpPort: Number(port) + 2, httpPort: Number(port) + 3 });
log(`GitHub simulator on ${simulator.url}; local Inngest on ${inngest.url} (runs: ${inngest.runsUrl})`);
// Where specs find the local Inngest (to make it refuse events for the "waiting" state).
fs.mkdirSync(dataDir, { recursive: true });
fs.writeFileSync(path.join(dataDir, "inngest-url"), inngest.url);

// Unconfigured: only where GitHub is, plus what production needs to store an App (the key) and
// to let the operator in (the setup code); the App's variables stay unset (blank counts as unset).
const github = unconfigured
  ? {
      GITHUB_APP_ID: "",
      GITHUB_APP_PRIVATE_KEY: "",
      GITHUB_WEBHOOK_SECRET: "",
      GITHUB_APP_URL: "",
      GITHUB_APP_CLIENT_ID: "",
      GITHUB_APP_CLIENT_SECRET: "",
      GITHUB_API_URL: simulator.apiUrl,
      GITHUB_URL: simulator.url,
      ALLEGRO_SETUP_CODE: E2E_SETUP_CODE,
      ALLEGRO_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    }
  : simulator.appEnv();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...github,
  INNGEST_DEV: "1",
  INNGEST_BASE_URL: inngest.url,
  INNGEST_DASHBOARD_URL: inngest.url,
  DATABASE_URL: database.url,
  SESSION_SECRET: "e2e-session-secret-0123456789abcdefghijklmnop",
  APP_URL: appUrl,
  NEXT_TELEMETRY_DISABLED: "1",
  SMTP_URL: mail.smtpUrl,
  MAIL_CATCHER_URL: mail.url,
  ALLEGRO_NOTIFY_ALLOW_PRIVATE: "1",
};
const next = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", port], {
  env,
  stdio: "inherit",
});
// Register the app's functions once `next start` answers, as the Dev Server's `-u` does.
inngest.syncApp(`${appUrl}/api/inngest`, { timeoutMs: 180_000 }).catch((error: Error) => log(error.message));
const shutdown = () => next.kill("SIGTERM");
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
next.on("exit", async (code) => {
  await simulator.stop();
  await inngest.stop();
  await mail.stop();
  await database.stop();
  process.exit(code ?? 0);
});
