import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/**
 * The one-click setup (issue 23) against a production build that starts with no GitHub App
 * configured (`scripts/e2e-server.ts <port> unconfigured`): the spec creates the App in the
 * simulator through the manifest flow. Port E2E_SETUP_PORT (default E2E_PORT + 20; its simulator + 1).
 */
// tests/e2e/simulator.ts (setupServerPort) computes the same for the spec.
const port = Number(process.env.E2E_SETUP_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 20);

export default defineConfig({
  ...base,
  testIgnore: undefined,
  testMatch: "**/github-setup.spec.ts",
  use: { ...base.use, baseURL: `http://localhost:${port}` },
  webServer: {
    command: `npx tsx scripts/e2e-server.ts ${port} unconfigured`,
    url: `http://localhost:${port}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
  },
});
