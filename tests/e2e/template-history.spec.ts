import type { Page } from "@playwright/test";
import { checkPage, WIDTHS } from "./a11y";
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

const jsonHeaders = (page: Page) => ({ origin: new URL(page.url()).origin, "content-type": "application/json" });

/** A template saved three times through the API: created, a field added and the name changed, reformatted. */
async function templateWithHistory(page: Page) {
  const headers = jsonHeaders(page);
  const name = `History-${Date.now()}`;
  const created = await page.request.post("/api/templates", {
    data: JSON.stringify({ name, settings: { color: "blue" } }),
    headers,
  });
  expect(created.status()).toBe(201);
  const id = ((await created.json()) as { template: { id: string } }).template.id;
  for (const text of [
    JSON.stringify({ name: `${name} v2`, settings: { color: "red", size: 12 } }, null, 2),
    JSON.stringify({ settings: { size: 12, color: "red" }, name: `${name} v2` }, null, 4),
  ]) {
    expect((await page.request.put(`/api/templates/${id}`, { data: text, headers })).status()).toBe(200);
  }
  return { id, name };
}

test("the History tab: timeline, compare and restore pass axe-core and fit 1280 and 390 px", async ({ page }) => {
  await signIn(page, "admin");
  const { id, name } = await templateWithHistory(page);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/templates/${id}`);
    await page.getByRole("link", { name: "History" }).click();
    await expect(page.getByRole("heading", { level: 2, name: /Timeline/ })).toBeVisible();
    const entries = page.getByRole("listitem").filter({ hasText: /Changed|Created|Restored/ });
    await expect(entries.first()).toContainText("formatting changed");
    await expect(page.getByText("name changed; 1 field added; 1 field changed")).toBeVisible();
    await checkPage(page, `history at ${width}`);
    await page.screenshot({ path: test.info().outputPath(`template-history-${width}.png`), fullPage: true });

    // Compare the two newest (the defaults): a reformat is no field change, and the text diff shows it.
    await page.getByRole("button", { name: "Compare selected" }).click();
    await expect(page.getByText(/No field changed/)).toBeVisible();
    await expect(page.getByRole("region", { name: "Text diff" })).toBeVisible();
    await checkPage(page, `compare (formatting) at ${width}`);

    // The first version against the current document: field by field.
    await page.goto(`/templates/${id}/history`);
    await page
      .getByRole("link", { name: /^Compare version \d+ with the current document$/ })
      .last()
      .click();
    await expect(page.getByText("/settings/color")).toBeVisible();
    await expect(page.getByText("/settings/size")).toBeVisible();
    await checkPage(page, `compare (fields) at ${width}`);
    await page.screenshot({ path: test.info().outputPath(`template-compare-${width}.png`), fullPage: true });
  }

  // Restore the first version: a new version, and the document has that text again.
  await page.goto(`/templates/${id}/history`);
  await page
    .getByRole("link", { name: /^View version \d+$/ })
    .last()
    .click();
  await page.getByRole("button", { name: "Restore this version" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Restored: version \d+/ })).toBeVisible();
  await expect(page.getByText(/restored version \d+/).first()).toBeVisible();
  await checkPage(page, "history after restore");
  await page.getByRole("link", { name: "Document", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
});
