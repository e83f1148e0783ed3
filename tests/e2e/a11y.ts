import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const WIDTHS = [1280, 390] as const;

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const severe = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(severe, `axe-core on ${label}`).toEqual([]);
}

/** The page does not scroll sideways. */
export async function expectNoSideScroll(page: Page, label: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `document width on ${label} at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
}

export async function checkPage(page: Page, label: string) {
  await expectAccessible(page, label);
  await expectNoSideScroll(page, label);
}
