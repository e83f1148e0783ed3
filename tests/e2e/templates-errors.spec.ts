import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("the templates page never shows text taken from its URL", async ({ page }) => {
  await signIn(page, "admin");
  for (const injected of [
    "<script>document.title='injected'</script>Your session expired",
    "Your account is locked: call +1 555 0100 to unlock it",
    "Template not found.",
    "__proto__",
    "constructor",
  ]) {
    const response = await page.goto(`/templates?error=${encodeURIComponent(injected)}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Templates" })).toBeVisible();
    await expect(page.locator("main").getByRole("alert")).toHaveCount(0);
    await expect(page.locator("main")).not.toContainText(injected);
  }
});

test("deleting a template that is already gone says so", async ({ page }) => {
  await signIn(page, "admin");
  const name = `Already gone ${Date.now()}`;
  // What the app's own pages send: a same-origin request with a JSON body.
  const headers = { origin: new URL(page.url()).origin, "content-type": "application/json" };
  const created = await page.request.post("/api/templates", { data: JSON.stringify({ name }), headers });
  expect(created.status()).toBe(201);
  const { template } = (await created.json()) as { template: { id: string } };

  await page.goto("/templates");
  const row = page.getByTestId("template-row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  // Deleted elsewhere (another tab, another admin) while this page is open.
  expect((await page.request.delete(`/api/templates/${template.id}`, { headers })).ok()).toBe(true);

  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete template" }).click();
  await expect(page).toHaveURL(/\/templates\?error=not_found$/);
  await expect(page.locator("main").getByRole("alert")).toHaveText(
    "That template no longer exists: it was probably deleted already.",
  );
  await expect(page.getByTestId("template-row").filter({ hasText: name })).toHaveCount(0);
});
