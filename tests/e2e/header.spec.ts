import type { Page } from "@playwright/test";
import { checkPage } from "./a11y";
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

async function switchTo(page: Page, organization: string) {
  await page.getByLabel("Organization").selectOption({ label: `${organization} (admin)` });
  const answered = page.waitForResponse((response) => response.request().method() === "POST");
  await page.getByRole("button", { name: "Switch" }).click();
  await answered;
}

/** The organization the session is in now, seen through the API: Globex has no templates, Acme has its demo ones. */
async function templateNames(page: Page) {
  const { templates } = (await (await page.request.get("/api/templates")).json()) as { templates: { name: string }[] };
  return templates.map((t) => t.name);
}

test("switching organization stays on the page when it exists in the other organization", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/settings/github-sync");
  await switchTo(page, "Globex");
  await expect(page).toHaveURL(/\/settings\/github-sync$/);
  await expect(page.getByRole("heading", { name: "GitHub Sync" })).toBeVisible();
  expect(await templateNames(page)).toEqual([]);

  await page.goto("/templates/new");
  await switchTo(page, "Acme");
  await expect(page).toHaveURL(/\/templates\/new$/);
  expect(await templateNames(page)).toContain("Welcome email");

  // A template of Acme does not exist in Globex: the switch lands on Globex's list.
  await page.goto("/templates");
  await page.getByTestId("template-row").filter({ hasText: "Welcome email" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/templates\/\d+$/);
  await switchTo(page, "Globex");
  await expect(page).toHaveURL(/\/templates$/);
  await expect(page.getByText("No templates yet")).toBeVisible();
  await switchTo(page, "Acme");
  await expect(page).toHaveURL(/\/templates$/);
});

test("the navigation marks the current page", async ({ page }) => {
  await signIn(page, "admin");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Templates" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Settings · GitHub Sync" })).not.toHaveAttribute("aria-current");
  await page.goto("/settings/github-sync");
  await expect(nav.getByRole("link", { name: "Settings · GitHub Sync" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Templates" })).not.toHaveAttribute("aria-current");
});

test("at 390 px the header collapses into a menu that works by keyboard", async ({ page }) => {
  await signIn(page, "admin");
  await page.setViewportSize({ width: 390, height: 800 });
  const menu = page.getByRole("button", { name: "Menu" });
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();
  await checkPage(page, "the header, closed");

  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await checkPage(page, "the header, open");
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "Templates" })).toBeFocused();
  await expect(nav.getByRole("link", { name: "Templates" })).toHaveAttribute("aria-current", "page");

  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
  await expect(nav).toBeHidden();

  await page.keyboard.press("Space");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "Settings · GitHub Sync" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/settings\/github-sync$/);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(nav.getByRole("link", { name: "Settings · GitHub Sync" })).toHaveAttribute("aria-current", "page");
});

test("the app has a favicon and an Apple touch icon", async ({ page }) => {
  await signIn(page, "member");
  const icon = page.locator('link[rel="icon"][type="image/svg+xml"]');
  const apple = page.locator('link[rel="apple-touch-icon"]');
  for (const link of [icon, apple]) {
    const response = await page.request.get((await link.getAttribute("href"))!);
    expect(response.status()).toBe(200);
  }
  expect((await page.request.get((await apple.getAttribute("href"))!)).headers()["content-type"]).toBe("image/png");
});
