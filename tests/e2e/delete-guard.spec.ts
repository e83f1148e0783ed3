import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { installInOrganization } from "./helpers";
import { control, createGithubOrg } from "./simulator";

const NAMES = ["Welcome", "Receipt", "Reminder", "Invoice", "Survey"];
const files = Object.fromEntries(
  NAMES.map((name) => [`templates/${name.toLowerCase()}.json`, JSON.stringify({ name })]),
);

async function templateRows(page: Page, count: number) {
  await expect(async () => {
    await page.goto("/templates");
    await expect(page.getByTestId("template-row")).toHaveCount(count, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
}

test("the whole folder deleted on GitHub → the settings page shows the held plan → Apply anyway deletes the templates", async ({
  page,
}) => {
  const { user, org } = await createGithubOrg("umbrella", { ...files, "README.md": "# templates" });
  await installInOrganization(page, "Umbrella", { user, org });
  await page.getByRole("textbox", { name: "Folder" }).fill("templates");
  await page.getByRole("button", { name: "Save and sync" }).click();
  await templateRows(page, NAMES.length);

  // Someone deletes the folder on GitHub: the push's sync is held back, nothing is deleted.
  await control("POST", `/repositories/${org}/templates/commits`, {
    changes: Object.keys(files).map((path) => ({ action: "delete", path })),
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  const panel = page.getByRole("region", { name: "A sync needs your confirmation" });
  await expect(async () => {
    await page.goto("/settings/github-sync");
    await expect(panel).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(panel).toContainText("This change would delete all 5 synced templates. Nothing was applied");
  await expect(panel).toContainText("Would delete:5 of 5 synced templates");
  await expect(panel.getByRole("list", { name: "Templates that would be deleted" }).getByRole("listitem")).toHaveText(
    Object.keys(files).sort(),
  );
  await expect(page.getByTestId("sync-run").first()).toContainText("Needs confirmation");
  // docs/screenshots/delete-confirmation.png is a copy of this shot (a test run leaves the tracked file alone).
  await page.screenshot({ path: test.info().outputPath("delete-confirmation.png"), fullPage: true });
  const axe = await new AxeBuilder({ page }).include('[data-testid="delete-confirmation"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // The templates are still there until an admin decides.
  await templateRows(page, NAMES.length);
  await page.goto("/settings/github-sync");
  const apply = panel.getByRole("button", { name: "Apply anyway" });
  await apply.focus();
  await expect(apply).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(panel).toHaveCount(0);
  // The focused button went away with the panel: focus is on the sync status, not lost to the page.
  await expect(page.getByTestId("sync-status")).toBeFocused();
  await expect(page.getByTestId("sync-run").nth(1)).toContainText("Confirmed");
  await expect(page.getByTestId("sync-run").first()).toContainText("confirm");
  await expect(page.getByTestId("sync-run").first()).toContainText("5 deleted", { timeout: 30_000 });

  await page.goto("/templates");
  await expect(page.getByText("No templates yet")).toBeVisible();
});
