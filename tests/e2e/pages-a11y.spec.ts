import type { Page } from "@playwright/test";
import { checkPage, WIDTHS } from "./a11y";
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

const jsonHeaders = (page: Page) => ({ origin: new URL(page.url()).origin, "content-type": "application/json" });

async function createTemplate(page: Page, document: string) {
  const created = await page.request.post("/api/templates", { data: document, headers: jsonHeaders(page) });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { template: { id: string } }).template.id;
}

// One test per width and group of pages, each with the whole test budget: walked in one test,
// every page at both widths with axe timed out on a busy two-core machine (issue 20).
for (const width of WIDTHS) {
  test(`the templates list, New template and a long-named template pass axe-core and fit ${width} px`, async ({
    page,
  }) => {
    await signIn(page, "admin");
    // A long unbreakable name and description must wrap, not widen the page.
    const id = await createTemplate(
      page,
      JSON.stringify({
        name: `Layout-${width}-${"x".repeat(60)}`,
        description: `A ${"very-".repeat(20)}long description`,
      }),
    );
    await page.setViewportSize({ width, height: 900 });
    for (const [path, heading] of [
      ["/templates", "Templates"],
      ["/templates/new", "New template"],
      [`/templates/${id}`, new RegExp(`^Layout-${width}-`)],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await checkPage(page, `${path} at ${width}`);
    }
    // README's screenshots (docs/screenshots/) are copied from these.
    await page.goto("/templates");
    await page.screenshot({ path: test.info().outputPath(`templates-list-${width}.png`), fullPage: true });
    await page.getByRole("link", { name: "Edit Welcome email" }).click();
    await expect(page.getByLabel("Template document (JSON)")).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`template-editor-${width}.png`), fullPage: true });
    const deleted = await page.request.delete(`/api/templates/${id}`, { headers: jsonHeaders(page) });
    expect(deleted.status()).toBe(204);
  });

  test(`the delete dialog and the not-found page pass axe-core and fit ${width} px`, async ({ page }) => {
    await signIn(page, "admin");
    const name = `Dialog-${width}-${Date.now().toString(36)}`;
    await createTemplate(page, JSON.stringify({ name }));
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/templates?q=${encodeURIComponent(name)}`);
    await page
      .getByTestId("template-row")
      .filter({ hasText: name })
      .getByRole("button", { name: /^Delete/ })
      .click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await checkPage(page, `the delete dialog at ${width}`);
    await page.getByRole("dialog").getByRole("button", { name: "Delete template" }).click();
    await expect(page.getByTestId("template-row").filter({ hasText: name })).toHaveCount(0);

    const notFound = await page.goto("/templates/999999999999");
    expect(notFound?.status()).toBe(404);
    await checkPage(page, `not found at ${width}`);
  });

  test(`sign-in and the members' forbidden page pass axe-core and fit ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/login");
    await checkPage(page, `/login at ${width}`);
    await page.setViewportSize({ width: 1280, height: 900 }); // signIn checks the header's Sign out button
    await signIn(page, "member");
    await page.setViewportSize({ width, height: 900 });
    const forbidden = await page.goto("/settings/github-sync");
    expect(forbidden?.status()).toBe(403);
    await checkPage(page, `forbidden at ${width}`);
  });
}

test("a template comes back exactly as written, keys in order, in the editor and the API", async ({ page }) => {
  await signIn(page, "admin");
  const written = `{\n  "zebra_first": 1,\n  "name": "Ordered ${Date.now()}",\n    "description": "As typed",\n  "a": [3, 1]\n}`;
  await page.getByRole("link", { name: "New template" }).click();
  await page.getByLabel("Template document (JSON)").fill(written);
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page).toHaveURL(/\/templates$/);

  const name = JSON.parse(written).name as string;
  await page.getByRole("link", { name: `Edit ${name}` }).click();
  await expect(page.getByLabel("Template document (JSON)")).toHaveValue(written);

  const id = page.url().split("/").pop()!;
  const { template } = (await (await page.request.get(`/api/templates/${id}`)).json()) as {
    template: { sourceText: string; content: Record<string, unknown> };
  };
  expect(template.sourceText).toBe(written);
  expect(Object.keys(template.content)).toEqual(["zebra_first", "name", "description", "a"]);
});

test("delete asks first: Cancel and Escape keep the template, confirming deletes it", async ({ page }) => {
  await signIn(page, "admin");
  const name = `Confirm me ${Date.now()}`;
  await createTemplate(page, JSON.stringify({ name }));
  await page.goto("/templates");
  const row = page.getByTestId("template-row").filter({ hasText: name });
  const trigger = row.getByRole("button", { name: `Delete ${name}` });
  const dialog = page.getByRole("dialog", { name: `Delete “${name}”?` });

  await trigger.click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
  await page.reload();
  await expect(row).toHaveCount(1);

  await trigger.click();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(row).toHaveCount(1);

  await trigger.click();
  await dialog.getByRole("button", { name: "Delete template" }).click();
  await expect(row).toHaveCount(0);
  await page.reload();
  await expect(row).toHaveCount(0);
});

test("the editor says nothing before the first edit, then one message at a time, and focuses a refused save", async ({
  page,
}) => {
  await signIn(page, "admin");
  await page.goto("/templates/new");
  const editor = page.getByLabel("Template document (JSON)");
  const status = page.locator("#content-status");
  const main = page.locator("main");
  // The starter document has an empty name: still no error before anything is typed.
  await expect(editor).toHaveValue(/"name": ""/);
  await expect(status).toHaveText("");
  await expect(editor).not.toHaveAttribute("aria-invalid", "true");
  await expect(main.getByRole("alert")).toHaveCount(0);

  await editor.fill('{\n  "name": "Draft",\n}');
  await expect(status).toHaveText(/^Line 3, column 1: Invalid JSON/);
  await expect(editor).toHaveAttribute("aria-invalid", "true");
  await expect(editor).toHaveAttribute("aria-describedby", /content-status/);

  await page.getByRole("button", { name: "Save template" }).click();
  await expect(main.getByRole("alert")).toHaveText(/^Line 3, column 1: Invalid JSON/);
  await expect(editor).toBeFocused();
  // One message: the error appears once, and nothing says the template is valid.
  expect((await main.innerText()).match(/Invalid JSON/g)).toHaveLength(1);
  await expect(main).not.toContainText("Valid template");

  await editor.fill('{\n  "name": "Draft"\n}');
  await expect(status).toHaveText("Valid template: Draft");
  await expect(main.getByRole("alert")).toHaveCount(0);
  await expect(main).not.toContainText("Invalid JSON");
  await expect(editor).not.toHaveAttribute("aria-invalid", "true");

  await editor.fill('{ "name": "" }');
  await expect(status).toHaveText('"name" must not be empty');
  expect((await main.innerText()).match(/must not be empty/g)).toHaveLength(1);
  await expect(main).not.toContainText("Valid template");
});

test("the sign-in form marks the field in error and moves focus to it", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  const email = page.getByLabel("Email");
  await expect(page.locator("main").getByRole("alert")).toHaveText("Enter your email address.");
  await expect(email).toBeFocused();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAttribute("aria-describedby", "login-error");

  await email.fill("admin@acme.test");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const password = page.getByLabel("Password");
  await expect(page.locator("main").getByRole("alert")).toHaveText("Invalid email or password.");
  await expect(password).toBeFocused();
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(email).not.toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveValue("admin@acme.test");
});
