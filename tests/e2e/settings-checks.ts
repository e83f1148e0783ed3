import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

export const WIDTHS = [1280, 390] as const;

/** A computed colour (rgb, lab, oklch: whatever Chromium gives) as sRGB, by painting it on a canvas. */
export function rgbOf(locator: Locator, property: "color" | "backgroundColor"): Promise<[number, number, number]> {
  return locator.evaluate((el, prop) => {
    const context = document.createElement("canvas").getContext("2d")!;
    context.fillStyle = getComputedStyle(el)[prop];
    context.fillRect(0, 0, 1, 1);
    const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
    return [r!, g!, b!] as [number, number, number];
  }, property);
}

/** The hue family of an sRGB colour. */
export function hueFamily([r, g, b]: [number, number, number]): "green" | "amber" | "red" | "blue" | "neutral" {
  const max = Math.max(r, g, b);
  const chroma = max - Math.min(r, g, b);
  if (chroma < 6) return "neutral";
  const h = max === r ? ((g - b) / chroma + 6) % 6 : max === g ? (b - r) / chroma + 2 : (r - g) / chroma + 4;
  const hue = h * 60;
  if (hue < 20 || hue >= 330) return "red";
  if (hue < 65) return "amber";
  if (hue < 170) return "green";
  if (hue < 270) return "blue";
  return "red";
}

const FAMILY = { success: "green", warning: "amber", failure: "red", info: "blue" } as const;

/** The banner says its outcome (data-tone) and is painted in that outcome's colour. */
export async function expectBannerTone(banner: Locator, tone: keyof typeof FAMILY) {
  await expect(banner).toHaveAttribute("data-tone", tone);
  const background = await rgbOf(banner, "backgroundColor");
  expect(hueFamily(background), `background rgb(${background})`).toBe(FAMILY[tone]);
}

/** At each width: no serious or critical axe violation, and no horizontal scrolling of the page. */
export async function checkLayoutAndA11y(page: Page, state: string, screenshot?: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect.soft(serious, `${state} at ${width} px: axe`).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    // On failure, name the innermost elements that stick out, which is where to look.
    const culprits =
      overflow > 0
        ? await page.evaluate(() =>
            [...document.querySelectorAll("body *")]
              .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
              // Content scrolled or clipped inside its own box does not widen the page.
              .filter((el) => {
                for (let up = el.parentElement; up; up = up.parentElement)
                  if (getComputedStyle(up).overflowX !== "visible") return false;
                return true;
              })
              .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 1))
              .slice(0, 8)
              .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 120)),
          )
        : [];
    expect
      .soft(overflow, `${state} at ${width} px: horizontal scroll (${culprits.join(" | ")})`)
      .toBeLessThanOrEqual(0);
    if (screenshot) await page.screenshot({ path: `docs/screenshots/${screenshot}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
