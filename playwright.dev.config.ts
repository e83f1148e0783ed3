import os from "node:os";
import path from "node:path";
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
  // Artifacts go outside the project: `next dev` watches the project folder, and a trace's screencast
  // frames written under test-results/ made it recompile and reload the page under test.
  outputDir: path.join(os.tmpdir(), "allegro-e2e-dev"),
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
