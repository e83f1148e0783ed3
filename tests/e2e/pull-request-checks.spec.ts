import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { installInOrganization } from "./helpers";
import { SIMULATOR_URL, createGithubOrg } from "./simulator";

const doc = (name: string) => JSON.stringify({ name }, null, 2);

/** Reloads the pull request page until its check has concluded (the check runs on the local executor). */
async function checkConcludes(page: Page, url: string, conclusion: string) {
  await expect(async () => {
    await page.goto(url);
    await expect(page.locator(".check .conclusion").first()).toHaveText(conclusion, { timeout: 1000 });
  }).toPass({ timeout: 45_000 });
}

test("a pull request with a broken template fails its check with the annotation; fixed, it passes; merged, the template is in Allegro", async ({
  page,
}) => {
  test.setTimeout(120_000); // three checks and a sync, each through the debounce and the local executor
  const { user, org } = await createGithubOrg("checks", { "templates/welcome.json": doc("Welcome") });
  await installInOrganization(page, "Wayne", { user, org });
  await page.getByRole("textbox", { name: "Folder" }).fill("templates");
  await page.getByRole("button", { name: "Save and sync" }).click();
  await expect(page.getByRole("status").first()).toContainText("Repository saved. Its first sync is recorded");

  // On GitHub (the simulator): add a broken template on a new branch and open a pull request.
  await page.goto(`${SIMULATOR_URL}/${org}/templates/new/main`);
  await page.getByLabel("File path").fill("templates/promo.json");
  await page.getByLabel("File content").fill('{\n  "name": "Promo",,\n}');
  await page.getByLabel("Create a new branch for this commit and start a pull request").check();
  await page.getByLabel("New branch name").fill("add-promo");
  await page.getByRole("button", { name: "Commit new file" }).click();
  await page.getByLabel("Title").fill("Add the promo template");
  await page.getByRole("button", { name: "Create pull request" }).click();
  await expect(page.getByRole("heading", { name: /Add the promo template/ })).toBeVisible();
  const pullUrl = page.url();

  await checkConcludes(page, pullUrl, "failure");
  const check = page.getByRole("region", { name: "Check run Allegro templates" }).first();
  await expect(check).toContainText("1 invalid template file");
  await expect(check.getByRole("list", { name: "Annotations of Allegro templates" })).toContainText(
    "templates/promo.json:2:19",
  );
  await expect(check).toContainText("Invalid JSON");
  await check.screenshot({ path: "docs/screenshots/pull-request-check.png" });

  // Fix it on the branch: the push to the pull request is checked again.
  await page.goto(`${SIMULATOR_URL}/${org}/templates/edit/add-promo/templates/promo.json`);
  await page.getByLabel("File content").fill(doc("Promo"));
  await page.getByRole("button", { name: "Commit changes" }).click();
  await checkConcludes(page, pullUrl, "success");
  await expect(page.getByRole("region", { name: "Check run Allegro templates" }).first()).toContainText(
    "<code>templates\\/promo\\.json</code> | created",
  );

  await page.getByRole("button", { name: "Merge pull request" }).click();
  await expect(page.locator(".state")).toHaveText("Merged");

  // The merge's push syncs the template into Allegro.
  await expect(async () => {
    await page.goto("/templates");
    await expect(page.getByTestId("template-row").filter({ hasText: "Promo" })).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
});
