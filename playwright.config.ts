import { defineConfig } from "@playwright/test";
import { CHROMIUM_MISSING, findChromium } from "./scripts/chromium";

const port = Number(process.env.E2E_PORT ?? 3100);
const chromium = findChromium();
if (!chromium) throw new Error(CHROMIUM_MISSING);

export default defineConfig({
  testDir: "tests/e2e",
  // *.dev.spec.ts run against `npm run dev` (playwright.dev.config.ts); github-setup.spec.ts against
  // a server with no GitHub App configured (playwright.setup.config.ts).
  testIgnore: ["**/*.dev.spec.ts", "**/github-setup.spec.ts"],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `npx tsx scripts/e2e-server.ts ${port}`,
    url: `http://localhost:${port}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
  },
});
