import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

/**
 * `npm run dev` (playwright.dev.config.ts): Next's dev overlay and its indicator render under our
 * development CSP. The fixture fails the test on any Content Security Policy report on these pages.
 */
test("development pages log no Content Security Policy violation, and the dev tools render", async ({
  page,
  baseURL,
}) => {
  await page.goto(baseURL!.replace("localhost", "127.0.0.1") + "/login");
  await page.waitForFunction(() =>
    Object.keys(document.querySelector("form") ?? {}).some((key) => key.startsWith("__reactFiber")),
  );
  await signIn(page, "admin");
  for (const path of ["/templates", "/settings/github-sync"]) {
    await page.goto(path);
    await expect(page.locator("main")).toBeVisible();
    // The dev tools live in a shadow root; their styles are inline <style> elements.
    await expect(page.locator("nextjs-portal")).toBeAttached();
    expect(
      await page
        .locator("nextjs-portal")
        .evaluate((portal) => portal.shadowRoot?.querySelectorAll("style").length ?? 0),
    ).toBeGreaterThan(0);
  }
});
