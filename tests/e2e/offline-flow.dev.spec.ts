import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

/**
 * Issue 11's flow on `npm run dev` with nothing configured (playwright.dev.config.ts): the demo
 * admin connects the simulator's acme-corp/templates, edits a template in the simulator's web
 * editor, sees the push arrive, uses Sync Now and disconnects.
 */
async function managedRows(page: Page, text: string | RegExp, count: number, timeout: number) {
  await expect(async () => {
    await page.goto("/templates");
    await expect(page.getByTestId("template-row").filter({ hasText: text })).toHaveCount(count, { timeout: 1000 });
  }).toPass({ timeout });
}

test("offline: connect the simulator's acme-corp/templates, edit a template there, Sync Now, disconnect", async ({
  page,
  baseURL,
}) => {
  // Opened at 127.0.0.1 (not only localhost), development pages hydrate. A page of its own: the
  // dev server may reload it (HMR) at any moment, which must not interrupt the flow below.
  const probe = await page.context().newPage();
  await probe.goto(baseURL!.replace("localhost", "127.0.0.1") + "/login");
  await probe.waitForFunction(() =>
    Object.keys(document.querySelector("form") ?? {}).some((key) => key.startsWith("__reactFiber")),
  );
  await probe.close();

  await signIn(page, "admin");
  await page.goto("/settings/github-sync");
  await expect(page.getByRole("heading", { name: "Not connected" })).toBeVisible();
  await page.getByRole("button", { name: "Connect GitHub Repository" }).click();

  // The simulator's install page stands in for github.com's.
  await expect(page.getByRole("heading", { name: /^Install / })).toBeVisible();
  // It starts on the demo repository's owner, as README's walk does.
  await expect(page.getByLabel("Signed in to GitHub as")).toHaveValue("octocat");
  await expect(page.getByLabel("Install on account")).toHaveValue("acme-corp");
  await page.getByLabel("All repositories").check();
  // The callback redirects to the settings page with the notice, which the page then drops from
  // the address (a reload must not report it again): catch the redirect's landing response.
  const landed = page.waitForResponse((r) => /\/settings\/github-sync\?notice=installed$/.test(r.url()));
  await page.getByRole("button", { name: "Install" }).click();
  expect((await landed).status()).toBe(200);
  await expect(page).not.toHaveURL(/notice=/);
  await page.getByLabel("acme-corp/templates").check();
  await page.getByRole("textbox", { name: "Branch", exact: true }).fill("main");
  await page.getByRole("textbox", { name: "Folder" }).fill("templates");
  await page.getByRole("button", { name: "Save and sync" }).click();
  await expect(page.getByRole("status").first()).toContainText("Repository saved. Its first sync is recorded");

  // The demo templates arrive, managed by GitHub; the invalid file is reported with line and column.
  await managedRows(page, "Managed by GitHub", 5, 60_000);
  await expect(page.getByTestId("template-row").filter({ hasText: "templates/billing/invoice-due.json" })).toHaveCount(
    1,
  );
  await page.goto("/settings/github-sync");
  const errors = page.getByRole("heading", { name: "Last sync errors" }).locator("..");
  await expect(errors).toContainText(/templates\/broken-banner\.json:4:\d+ — /);
  await page.screenshot({ path: test.info().outputPath("offline-settings-connected.png"), fullPage: true });

  // The connection's repository link opens the simulator's repository page; edit a template there.
  await page.getByTestId("connection").getByRole("link", { name: "acme-corp/templates" }).click();
  await expect(page.getByRole("heading", { name: "acme-corp/templates" })).toBeVisible();
  await page.getByRole("link", { name: "templates/signup-welcome.json" }).click();
  await page.getByRole("link", { name: "Edit file" }).click();
  const editor = page.getByLabel("File content");
  const edited = (await editor.inputValue()).replace('"name": "Sign-up welcome"', '"name": "Welcome aboard"');
  await editor.fill(edited);
  await page.getByLabel("Commit message").fill("Rename the sign-up welcome template");
  await page.getByRole("button", { name: "Commit changes" }).click();
  await expect(page.getByLabel("File content")).toContainText('"name": "Welcome aboard"');

  // The push reaches Allegro and syncs within 15 s.
  await managedRows(page, "Welcome aboard", 1, 15_000);

  // Sync Now starts the 5-minute countdown; the run lands in the history.
  await page.goto("/settings/github-sync");
  await page.getByRole("button", { name: "Sync Now" }).click();
  await expect(page.getByText(/Next Sync Now available in 4:5\d/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Sync Now" })).toBeDisabled();
  await expect(page.getByTestId("sync-run").first()).toContainText("manual");
  await expect(page.getByTestId("sync-run").first()).toContainText(/Succeeded/, { timeout: 30_000 });
  await expect(page.getByTestId("sync-run").filter({ hasText: "push" })).not.toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("offline-sync-history.png"), fullPage: true });

  // The run on the local executor's runs page ("View run"), then Replay: a new run of the same event.
  await page
    .getByTestId("sync-run")
    .first()
    .getByRole("link", { name: /View run/ })
    .click();
  await expect(page.getByRole("heading", { name: /^Run / })).toBeVisible();
  await expect(page.locator("main, body").first()).toContainText("sync-now-github-templates");
  await expect(page.locator("main, body").first()).toContainText("apply");
  await page.screenshot({ path: test.info().outputPath("offline-runs-page.png"), fullPage: true });
  await page.getByRole("button", { name: "Replay" }).click();
  await expect(page.getByText("Replay of")).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.locator("dd.completed")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await page.goto("/settings/github-sync");

  // Disconnect keeps the templates and makes them editable.
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.getByRole("status").first()).toContainText("GitHub Sync is disconnected");
  await page.goto("/templates");
  await expect(page.getByText("Managed by GitHub")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Edit Welcome aboard" })).toBeVisible();
});
