import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

test("signed-out visitors are sent to sign in, then back where they were going", async ({ page }) => {
  await page.goto("/settings/github-sync");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Fgithub-sync/);
  await page.getByLabel("Email").fill("admin@acme.test");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText("Invalid email or password.");
  await page.getByLabel("Password").fill("allegro-admin");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/github-sync$/);
  await expect(page.getByRole("heading", { name: "GitHub Sync" })).toBeVisible();
});

test("admin creates and edits a template, sees validation errors, and deletes it", async ({ page }) => {
  await signIn(page, "admin");
  await expect(page.getByRole("heading", { name: "Templates" })).toBeVisible();
  // The demo templates (other specs may add synced ones to Acme).
  for (const name of ["Welcome email", "Invoice reminder", "Onboarding checklist"]) {
    await expect(page.getByTestId("template-row").filter({ hasText: name })).toHaveCount(1);
  }

  await page.getByRole("link", { name: "New template" }).click();
  const editor = page.getByLabel("Template document (JSON)");
  await editor.fill('{\n  "name": "Quarterly report",\n  "description": "Numbers",\n}');
  await expect(page.locator("#content-status")).toContainText("Line 4, column 1");
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("Line 4, column 1: Invalid JSON");

  await editor.fill('{\n  "name": "Quarterly report",\n  "description": "Numbers"\n}');
  await expect(page.locator("#content-status")).toHaveText("Valid template: Quarterly report");
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page).toHaveURL(/\/templates$/);
  const row = page.getByTestId("template-row").filter({ hasText: "Quarterly report" });
  await expect(row).toContainText("Numbers");

  await row.getByRole("link", { name: "Edit Quarterly report" }).click();
  await page
    .getByLabel("Template document (JSON)")
    .fill('{ "name": "Quarterly report v2", "description": "Better numbers" }');
  await page.getByRole("button", { name: "Save template" }).click();
  const edited = page.getByTestId("template-row").filter({ hasText: "Quarterly report v2" });
  await expect(edited).toContainText("Better numbers");
  await expect(edited.locator("time").filter({ visible: true })).toHaveAttribute("title", /\d{4}/);

  await edited.getByRole("button", { name: "Delete Quarterly report v2" }).click();
  await page
    .getByRole("dialog", { name: "Delete “Quarterly report v2”?" })
    .getByRole("button", { name: "Delete template" })
    .click();
  await expect(page.getByTestId("template-row").filter({ hasText: "Quarterly report v2" })).toHaveCount(0);
});

test("admin reaches Organization Settings → GitHub Sync from the header", async ({ page }) => {
  await signIn(page, "admin");
  await page.getByRole("link", { name: "Settings · GitHub Sync" }).click();
  await expect(page.getByRole("heading", { name: "GitHub Sync" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect GitHub Repository" })).toBeVisible();
});

test("admin switches organization; templates are scoped to it", async ({ page }) => {
  await signIn(page, "admin");
  await page.getByLabel("Organization").selectOption({ label: "Globex (admin)" });
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByText("No templates yet")).toBeVisible();
  await page.getByLabel("Organization").selectOption({ label: "Acme (admin)" });
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByTestId("template-row")).not.toHaveCount(0);
});

test("a member gets 403 on GitHub Sync settings and no link to it", async ({ page }) => {
  await signIn(page, "member");
  await expect(page.getByRole("link", { name: "Settings · GitHub Sync" })).toHaveCount(0);
  const response = await page.goto("/settings/github-sync");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, "member");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/templates");
  await expect(page).toHaveURL(/\/login\?next=%2Ftemplates/);
});
