import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/**
 * The offline flow against `npm run dev` exactly as README says: a fresh data folder, no GitHub
 * or Inngest configured, so the dev launcher starts the GitHub simulator and the local executor.
 * Port E2E_DEV_PORT (default E2E_PORT + 10).
 */
const port = Number(process.env.E2E_DEV_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 10);
const dataDir = ".data/e2e-dev";

export default defineConfig({
  ...base,
  testIgnore: undefined,
  testMatch: "**/*.dev.spec.ts",
  // `next dev` compiles each page on its first visit.
  timeout: 180_000,
  expect: { timeout: 20_000 },
  use: { ...base.use, baseURL: `http://localhost:${port}` },
  webServer: {
    command: `rm -rf ${dataDir} && npm run dev`,
    url: `http://localhost:${port}/login`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    // Blank values count as unset: the outside services must not leak in from the caller's shell.
    env: {
      PORT: String(port),
      ALLEGRO_DATA_DIR: dataDir,
      DATABASE_URL: "",
      GITHUB_APP_ID: "",
      GITHUB_APP_PRIVATE_KEY: "",
      GITHUB_WEBHOOK_SECRET: "",
      GITHUB_APP_URL: "",
      INNGEST_BASE_URL: "",
    },
    // SIGTERM lets the launcher stop next, the simulator, the executor and PostgreSQL.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
