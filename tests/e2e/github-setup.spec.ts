import type { Page } from "@playwright/test";
import { E2E_SETUP_CODE } from "../../scripts/e2e-setup-code";
import { checkPage } from "./a11y";
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";
import { createGithubOrg, SETUP_SIMULATOR_URL } from "./simulator";

/**
 * Issue 23 on a server that starts with no GitHub App (playwright.setup.config.ts): the operator
 * enters the setup code, creates the App in the simulator through the manifest flow, installs it,
 * connects a repository and sees the synced templates. The second test runs at 390 px on the App
 * the first one stored: it forgets it and creates another, whose name GitHub reports as taken.
 */
// Each test walks the whole flow, the first sync included.
test.describe.configure({ mode: "serial", timeout: 180_000 });

const TEMPLATES = {
  "templates/welcome.json": JSON.stringify({ name: "Welcome aboard", description: "Hello" }, null, 2),
  "templates/receipt.json": JSON.stringify({ name: "Order receipt", description: "Thanks" }, null, 2),
};

async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

async function openOrganization(page: Page, organization: string) {
  await signIn(page, "admin");
  await page.getByLabel("Organization").selectOption({ label: `${organization} (admin)` });
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByText("No templates yet")).toBeVisible();
}

/** The operator's way in: a wrong code is refused with focus on the field, the right one opens the page. */
async function enterSetupCode(page: Page, label: string) {
  await page.goto("/setup/github");
  await expect(page.getByRole("heading", { name: "GitHub App" })).toBeVisible();
  await checkPage(page, `${label}: setup code`);
  const field = page.getByLabel("Setup code");
  await field.fill("not-the-code");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("That is not the setup code");
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await checkPage(page, `${label}: wrong setup code`);
  await shot(page, `${label}-setup-code-refused`);
  await field.fill(E2E_SETUP_CODE);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "GitHub App in use" })).toBeVisible();
}

/** Create GitHub App for `org` on the simulated GitHub, as `user`; optionally renaming a taken name. */
async function createApp(page: Page, label: string, github: { user: string; org: string }, rename?: string) {
  await expect(page.getByTestId("app-source")).toHaveAttribute("data-source", "none");
  await checkPage(page, `${label}: create the App`);
  await shot(page, `${label}-create-app`);
  // A login GitHub would refuse is caught here, with focus back on the field.
  await page.getByLabel("Organization login").fill("not a login!");
  await page.getByRole("button", { name: "Create GitHub App" }).click();
  await expect(page.locator("#create-error")).toContainText("organization's login");
  await expect(page.getByLabel("Organization login")).toBeFocused();
  await checkPage(page, `${label}: a wrong organization login`);
  await page.getByLabel("Organization login").fill(github.org);
  await page.getByLabel(/^Read-only/).check();
  await page.getByRole("button", { name: "Create GitHub App" }).click();

  // The simulated github.com "Create GitHub App from a manifest" page.
  await expect(page.getByRole("heading", { name: `Create GitHub App for ${github.org}` })).toBeVisible();
  await expect(page).toHaveURL(
    new RegExp(`^${SETUP_SIMULATOR_URL}/organizations/${github.org}/settings/apps/new\\?state=`),
  );
  await page.getByLabel("Signed in to GitHub as").selectOption(github.user);
  await page.getByRole("button", { name: "Create GitHub App" }).click();
  if (rename) {
    await expect(page.getByRole("alert")).toContainText("is already in use");
    await page.getByLabel("GitHub App name").fill(rename);
    await page.getByRole("button", { name: "Create GitHub App" }).click();
  }

  // Back through /setup/github/callback (code exchanged, credentials stored) to the new App's install page.
  await expect(page.getByRole("heading", { name: /^Install / })).toBeVisible();
  await page.getByLabel("Signed in to GitHub as").selectOption(github.user);
  await page.getByLabel("Install on account").selectOption(github.org);
  await page.getByLabel("All repositories").check();
  await page.getByRole("button", { name: "Install" }).click();
}

/**
 * Back on the settings page after an install started on GitHub (no state of ours): one more pass
 * through GitHub's authorization proves access; then connect `org/templates` and see its templates.
 */
async function connectAndSeeTemplates(
  page: Page,
  label: string,
  tenant: string,
  github: { user: string; org: string },
) {
  const { user, org } = github;
  await expect(page.getByText(`Link ${org} to ${tenant}?`)).toBeVisible();
  await checkPage(page, `${label}: link the installation`);
  await page.getByRole("button", { name: `Link it to ${tenant}` }).click();
  await page.getByLabel("Signed in to GitHub as").selectOption(user);
  await page.getByRole("button", { name: "Authorize" }).click();
  await expect(page.getByRole("heading", { name: "Choose the repository to sync" })).toBeVisible();
  await page.getByLabel(`${org}/templates`).check();
  await page.getByRole("textbox", { name: "Folder" }).fill("templates");
  await page.getByRole("button", { name: "Save and sync" }).click();
  await expect(page.getByRole("status").first()).toContainText("Repository saved. Its first sync is recorded");
  await expect(page.getByTestId("sync-run").first()).toContainText("Succeeded", { timeout: 90_000 });
  await checkPage(page, `${label}: connected`);
  await shot(page, `${label}-connected`);
  await page.goto("/templates");
  const rows = page.getByTestId("template-row");
  await expect(rows.filter({ hasText: "Managed by GitHub" })).toHaveCount(2);
  await expect(rows.filter({ hasText: "Welcome aboard" })).toContainText("templates/welcome.json");
  await expect(rows.filter({ hasText: "Order receipt" })).toContainText("templates/receipt.json");
  await checkPage(page, `${label}: synced templates`);
  await shot(page, `${label}-templates`);
}

/** The setup page now names the stored App and runs the setup check on request. */
async function checkStoredApp(page: Page, label: string, appName: string) {
  await page.goto("/setup/github");
  await expect(page.getByTestId("app-source")).toHaveAttribute("data-source", "database");
  await expect(page.getByRole("link", { name: appName, exact: true })).toBeVisible();
  await expect(page.getByText("Not checked yet")).toBeVisible();
  await page.getByRole("button", { name: "Run the checks" }).click();
  const checks = page.getByTestId("setup-checks").getByRole("listitem");
  await expect(checks.first()).toBeVisible();
  for (const title of [
    "The database is migrated",
    "The App answers GET /app with a JWT",
    "Permissions and events",
    "GitHub delivers webhooks to this server",
    "OAuth is configured",
  ])
    await expect(checks.filter({ hasText: title })).toHaveAttribute("data-status", "pass");
  await expect(page.getByRole("button", { name: "Check again" })).toBeVisible();
  await checkPage(page, `${label}: setup check`);
  await shot(page, `${label}-setup-check`);
}

test("at 1280 px: the settings page says where to set up; the operator creates, installs and connects the App", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const github = await createGithubOrg("umbrella", TEMPLATES, SETUP_SIMULATOR_URL);
  await openOrganization(page, "Umbrella");
  await page.goto("/settings/github-sync");
  await expect(page.getByTestId("setup-notice")).toContainText("not set up for GitHub yet");
  await checkPage(page, "1280: settings, not set up");
  await shot(page, "1280-settings-not-set-up");

  await enterSetupCode(page, "1280");
  await createApp(page, "1280", github);
  await connectAndSeeTemplates(page, "1280", "Umbrella", github);
  await checkStoredApp(page, "1280", "Allegro localhost:" + new URL(page.url()).port);
});

test("at 390 px: the operator forgets the stored App and creates another under a new name", async ({ page }) => {
  const github = await createGithubOrg("wayne", TEMPLATES, SETUP_SIMULATOR_URL);
  // Signed in and switched at 1280 (at 390 the header's controls sit behind its menu), then narrow.
  await openOrganization(page, "Wayne");
  await page.setViewportSize({ width: 390, height: 844 });
  await enterSetupCode(page, "390");
  await expect(page.getByTestId("app-source")).toHaveAttribute("data-source", "database");
  await page.getByRole("button", { name: "Forget stored credentials" }).click();
  await expect(page.getByRole("button", { name: "Forget them" })).toBeFocused();
  await checkPage(page, "390: forget confirmation");
  await shot(page, "390-forget");
  await page.getByRole("button", { name: "Forget them" }).click();

  const name = `Allegro ${new URL(page.url()).port} mobile`;
  await createApp(page, "390", github, name);
  await connectAndSeeTemplates(page, "390", "Wayne", github);
  await checkStoredApp(page, "390", name);
});
