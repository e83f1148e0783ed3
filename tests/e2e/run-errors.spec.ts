import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { installInOrganization } from "./helpers";
import { checkLayoutAndA11y, hueFamily, rgbOf } from "./settings-checks";
import { control, createGithubOrg } from "./simulator";

const bad = (n: number) => `templates/bad-${n}.json`;

async function historyShows(page: Page, row: number, text: string) {
  await expect(async () => {
    await page.goto("/settings/github-sync");
    await expect(page.getByTestId("sync-run").nth(row)).toContainText(text, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
}

test("an older run's invalid files load when its details open, once, and can be tried again", async ({
  page,
  context,
}) => {
  const { user, org } = await createGithubOrg("tyrell", {
    "templates/good.json": JSON.stringify({ name: "Good" }),
    [bad(1)]: "{",
    [bad(2)]: '{"name": 1',
  });
  await installInOrganization(page, "Tyrell", { user, org });
  await page.getByRole("textbox", { name: "Folder" }).fill("templates");
  await page.getByRole("button", { name: "Save and sync" }).click();
  await historyShows(page, 0, "2 errors");

  // A push adds a third invalid file: the history sends the errors of that newest run only.
  await control("POST", `/repositories/${org}/templates/commits`, {
    changes: [{ action: "put", path: bad(3), content: "[" }],
  });
  await historyShows(page, 0, "3 errors");
  const older = page.getByTestId("sync-run").nth(1);
  await expect(older).toContainText("2 errors");
  await expect(older.getByRole("listitem")).toHaveCount(0);

  // Signed out meanwhile: the request fails, in red, with a way to try again.
  const cookies = await context.cookies();
  await context.clearCookies();
  const summary = older.getByText("2 errors", { exact: true });
  await summary.focus();
  await page.keyboard.press("Enter");
  const failure = older.getByText("The invalid files could not be loaded.");
  await expect(failure).toBeVisible();
  expect(hueFamily(await rgbOf(failure, "color"))).toBe("red");
  await expect(older.getByRole("listitem")).toHaveCount(0);

  // Signed in again: Try again (from the keyboard) loads them; focus stays in the details.
  await context.addCookies(cookies);
  await older.getByRole("button", { name: "Try again" }).focus();
  await page.keyboard.press("Enter");
  await expect(older.getByRole("listitem")).toHaveCount(2);
  await expect(failure).toHaveCount(0);
  const first = older.getByRole("link", { name: new RegExp(`^${bad(1)}`) });
  await expect(first).toHaveAttribute("href", new RegExp(`/${org}/templates/blob/[0-9a-f]{40}/templates/bad-1\\.json`));
  await expect(older.getByRole("listitem").nth(1)).toContainText(bad(2));
  expect(await page.evaluate(() => document.activeElement?.closest("details") !== null)).toBe(true);

  // The summary stays the toggle: closed and opened again, the list is there without another request.
  const asked: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/errors")) asked.push(r.url());
  });
  await summary.focus();
  await page.keyboard.press("Enter");
  await expect(older.getByRole("listitem").first()).toBeHidden();
  await page.keyboard.press("Enter");
  await expect(older.getByRole("listitem")).toHaveCount(2);

  expect(asked).toEqual([]);

  // Sync Now: when its run ends the page renders the panel anew (page.tsx keys it by the newest
  // run). Opened on the page as it is then, the older run's errors load again.
  await page.getByRole("button", { name: "Sync Now" }).click();
  await expect(page.getByTestId("sync-run").first()).toContainText("manual");
  await expect(page.getByTestId("sync-run").first()).not.toContainText(/Queued|Running/, { timeout: 30_000 });
  await page.goto("/settings/github-sync");
  const again = page.getByTestId("sync-run").nth(2);
  await expect(again).toContainText("2 errors");
  await again.getByText("2 errors", { exact: true }).click();
  await expect(again.getByRole("listitem")).toHaveCount(2);
  await expect(again.getByRole("listitem").first()).toContainText(bad(1));

  await checkLayoutAndA11y(page, "an older run's errors loaded");
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`run-errors-${width}.png`), fullPage: true });
  }
});
