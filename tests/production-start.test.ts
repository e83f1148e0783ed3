import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";

const root = path.resolve(import.meta.dirname, "..");
const pem = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs1", format: "pem" })
  .toString();

/** A complete production environment; each case removes or spoils one variable. */
const good = (): Record<string, string | undefined> => ({
  DATABASE_URL: process.env.DATABASE_URL,
  SESSION_SECRET: "a-production-secret-of-sufficient-length-0123",
  APP_URL: "https://allegro.example",
  INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef",
  INNGEST_EVENT_KEY: "event-key",
});

/** `npm start` as an operator runs it, with only the given variables (plus PATH and HOME). */
function start(vars: Record<string, string | undefined>) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production" };
  for (const [key, value] of Object.entries(vars)) if (value !== undefined) env[key] = value;
  const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/run-app.ts", "start"], {
    cwd: root,
    env,
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), 25_000);
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

const demoAdmins = () => getDb().user.count({ where: { email: "admin@acme.test" } });

describe("npm start refuses an unsafe production environment", () => {
  it("without DATABASE_URL: no embedded database, nothing seeded", async () => {
    const dataDir = path.join(".data", `prod-start-${randomBytes(4).toString("hex")}`);
    const result = await start({ ...good(), DATABASE_URL: undefined, ALLEGRO_DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/DATABASE_URL is not set/);
    expect(fs.existsSync(path.join(root, dataDir))).toBe(false);
  });

  it.each([
    ["SESSION_SECRET missing", { SESSION_SECRET: undefined }, /SESSION_SECRET is not set/],
    ["APP_URL missing", { APP_URL: undefined }, /APP_URL is not set/],
    ["APP_URL over plain http", { APP_URL: "http://allegro.example" }, /APP_URL must be https/],
    ["INNGEST_DEV set", { INNGEST_DEV: "1" }, /INNGEST_DEV must not be set in production/],
    ["INNGEST_SIGNING_KEY missing", { INNGEST_SIGNING_KEY: undefined }, /INNGEST_SIGNING_KEY is not set/],
    ["INNGEST_EVENT_KEY missing", { INNGEST_EVENT_KEY: undefined }, /INNGEST_EVENT_KEY is not set/],
    [
      "GitHub App without OAuth",
      {
        GITHUB_APP_ID: "123",
        GITHUB_APP_PRIVATE_KEY: pem,
        GITHUB_WEBHOOK_SECRET: "a-webhook-secret-of-length",
        GITHUB_APP_URL: "https://github.com/apps/allegro-sync/installations/new",
      },
      /GITHUB_APP_CLIENT_ID and GITHUB_APP_CLIENT_SECRET are not set.*Request user authorization \(OAuth\) during installation/,
    ],
  ])("%s: exits 1 naming it, nothing seeded", async (_name, change, message) => {
    const result = await start({ ...good(), ...change });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(message);
    expect(result.output).not.toMatch(/seeded/);
    expect(await demoAdmins()).toBe(0);
  });
});
