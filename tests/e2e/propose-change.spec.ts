import type { Page } from "@playwright/test";
import { checkPage, WIDTHS } from "./a11y";
import { expect, test } from "./fixtures";
import { installInOrganization } from "./helpers";
import { createGithubOrg } from "./simulator";

const doc = (name: string, extra: Record<string, unknown> = {}) => `${JSON.stringify({ name, ...extra }, null, 2)}\n`;

/** Reloads `url` until `check` passes (webhooks and jobs run on the local executor, in their own time). */
async function eventually(page: Page, url: string, check: () => Promise<void>, timeout = 60_000) {
  await expect(async () => {
    await page.goto(url);
    await check();
  }).toPass({ timeout });
}

test("the offline loop: Propose change on a synced template, the pull request with its check, merged in the simulator, the template updated", async ({
  page,
}) => {
  test.setTimeout(180_000); // a sync, a check and the merge's sync, each through webhooks and the local executor
  const { user, org } = await createGithubOrg("propose", { "templates/welcome.json": doc("Welcome") });
  await installInOrganization(page, "Initech", { user, org });
  await page.getByRole("textbox", { name: "Folder" }).fill("templates");
  await page.getByRole("button", { name: "Save and sync" }).click();
  await expect(page.getByRole("status").first()).toContainText("Repository saved. Its first sync is recorded");
  await eventually(page, "/templates", () =>
    expect(page.getByRole("link", { name: "Welcome", exact: true })).toBeVisible({ timeout: 1000 }),
  );
  await page.getByRole("link", { name: "Welcome", exact: true }).click();
  await page.waitForURL(/\/templates\/\d+$/);
  const templateUrl = page.url();

  // The editor starts with the text as synced; a broken edit is refused at its line and column, focus on the text.
  await page.getByRole("link", { name: "Propose change" }).click();
  const text = page.getByRole("textbox", { name: "Template document (JSON)" });
  await expect(text).toHaveValue(doc("Welcome"));
  await expect(page.getByRole("textbox", { name: "Title" })).toHaveValue("Update Welcome");
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await checkPage(page, `propose change at ${width}`);
  }
  await text.fill('{\n  "name": "Welcome",,\n}');
  await expect(page.getByText(/^Line 2, column \d+:/)).toBeVisible();
  await page.getByRole("button", { name: "Open pull request" }).click();
  await expect(page.getByTestId("proposal-error")).toContainText(/Line 2, column \d+/);
  await expect(text).toBeFocused();
  await checkPage(page, "propose change refused at 390");
  await page.setViewportSize({ width: 1280, height: 900 });

  await text.fill(doc("Welcome", { subject: "Hello from Allegro" }));
  await page.getByRole("textbox", { name: "Title" }).fill("Greet people");
  await page.getByRole("textbox", { name: "Description (optional)" }).fill("Adds a subject line.");
  await page.getByRole("button", { name: "Open pull request" }).click();

  // Back on the template: the pull request is open, linked, with our check; the template stays as synced.
  await expect(page.getByTestId("proposed-notice")).toContainText("Opened pull request #1");
  const item = page.getByTestId("proposal-item").first();
  await expect(item).toContainText("Pull request #1 open");
  await expect(page.getByRole("region", { name: "Template document" })).not.toContainText("Hello from Allegro");
  await expect(page.getByTestId("adds-to-open")).toContainText("Pull request #1 is open");
  await eventually(page, templateUrl, () =>
    expect(page.getByTestId("proposal-check")).toHaveText("Allegro templates check: passed", { timeout: 1000 }),
  );
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await checkPage(page, `template with an open proposal at ${width}`);
    await page.screenshot({ path: `docs/screenshots/propose-open-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // The list marks it; Settings lists it with its author and check.
  await page.goto("/templates");
  await expect(page.getByTestId("template-row").filter({ hasText: "Welcome" })).toContainText("Change proposed in #1");
  await page.goto("/settings/github-sync");
  const listed = page.getByTestId("open-proposal");
  await expect(listed).toContainText("#1 Greet people");
  await expect(listed).toContainText("Allegro templates check: passed");
  await expect(listed).toContainText("templates/welcome.json");

  // On GitHub (the simulator): the commit credits the person; merge it.
  await page.goto(templateUrl);
  const pullUrl = await item.getByRole("link", { name: "#1" }).getAttribute("href");
  await page.goto(pullUrl!);
  await expect(page.getByText(/Co-authored-by: /).first()).toBeVisible();
  await page.getByRole("button", { name: "Merge pull request" }).click();
  await expect(page.locator(".state")).toHaveText("Merged");

  // The merge's push syncs the text into Allegro, and the page says where it came from.
  await eventually(page, templateUrl, async () => {
    await expect(page.getByTestId("proposal-item").first()).toContainText("Merged in #1", { timeout: 1000 });
    await expect(page.getByRole("region", { name: "Template document" })).toContainText("Hello from Allegro", {
      timeout: 1000,
    });
  });
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await checkPage(page, `template merged at ${width}`);
    await page.screenshot({ path: `docs/screenshots/propose-merged-${width}.png`, fullPage: true });
  }
  await page.goto("/templates");
  await expect(page.getByTestId("open-proposal-mark")).toHaveCount(0);
});
