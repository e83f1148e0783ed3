import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { checkPage, WIDTHS } from "./a11y";
import { installInOrganization } from "./helpers";
import { control, createGithubOrg } from "./simulator";

const doc = (name: string, description: string) => JSON.stringify({ name, description }, null, 2);
// Keys in an order jsonb does not keep (it stores shorter keys first): the page must show the file as committed.
const welcomeFile = JSON.stringify({ description: "Hello there", name: "Welcome" }, null, 4);

async function templatesShow(page: Page, text: string, count = 1) {
  await expect(async () => {
    await page.goto("/templates");
    await expect(page.getByTestId("template-row").filter({ hasText: text })).toHaveCount(count, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
}

test("connect → initial sync → push updates → Sync Now countdown → disconnect makes templates editable", async ({
  page,
}) => {
  const { user, org } = await createGithubOrg("initech", {
    "templates/welcome.json": welcomeFile,
    "templates/receipt.json": doc("Receipt", "Order receipt"),
    "README.md": "# not a template",
  });

  await installInOrganization(page, "Initech", { user, org });
  await page.getByRole("textbox", { name: "Folder" }).fill("templates");
  await page.getByRole("button", { name: "Save and sync" }).click();
  await expect(page.getByRole("status").first()).toContainText("Repository saved. Its first sync is recorded");

  // The initial sync lists the files as templates managed by GitHub, read-only.
  await templatesShow(page, "Managed by GitHub", 2);
  const welcome = page.getByTestId("template-row").filter({ hasText: "Welcome" });
  await expect(welcome).toContainText("templates/welcome.json");
  await expect(welcome.getByRole("button", { name: /Delete/ })).toHaveCount(0);
  await welcome.getByRole("link", { name: "Welcome" }).click();
  await expect(page.getByText("This template is read-only here")).toBeVisible();
  await expect(page.getByLabel("Template document (JSON)")).toHaveCount(0);
  // Its page says where it comes from: the file, the file on GitHub at the synced commit, and that commit.
  await expect(page.getByTestId("synced-path")).toHaveText("templates/welcome.json");
  const commit = page.getByTestId("synced-commit").getByRole("link", { name: /^[0-9a-f]{7}$/ });
  const sha = (await commit.getAttribute("href"))!.split("/").pop()!;
  expect(sha).toMatch(/^[0-9a-f]{40}$/);
  expect(sha.startsWith((await commit.textContent())!)).toBe(true);
  const onGithub = page.getByRole("link", { name: "View on GitHub" });
  await expect(onGithub).toHaveAttribute("href", new RegExp(`/${org}/templates/blob/${sha}/templates/welcome\\.json$`));
  expect((await page.request.get((await onGithub.getAttribute("href"))!)).status()).toBe(200);
  await expect(page.getByRole("region", { name: "Template document" })).toHaveText(welcomeFile, { useInnerText: true });
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await checkPage(page, "a synced template");
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  // A commit on GitHub → push webhook → sync → updated.
  await control("POST", `/repositories/${org}/templates/commits`, {
    changes: [{ action: "put", path: "templates/welcome.json", content: doc("Welcome v2", "Hello again") }],
  });
  await templatesShow(page, "Welcome v2");
  await expect(page.getByTestId("template-row").filter({ hasText: "Welcome v2" })).toContainText("Hello again");

  // Settings show the last sync and its history; Sync Now starts the 5-minute countdown.
  await page.goto("/settings/github-sync");
  const connection = page.getByTestId("connection");
  await expect(connection.getByRole("link", { name: /^[0-9a-f]{7}$/ })).toHaveAttribute(
    "href",
    new RegExp(`/${org}/templates/commit/[0-9a-f]{40}$`),
  );
  await expect(page.getByTestId("sync-run").first()).toContainText("push");
  await page.getByRole("button", { name: "Sync Now" }).click();
  await expect(page.getByText(/Next Sync Now available in 4:5\d/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Sync Now" })).toBeDisabled();
  await expect(page.getByTestId("sync-run").first()).toContainText("manual");
  await expect(page.getByTestId("sync-run").first()).toContainText("Succeeded", { timeout: 20_000 });
  await page.screenshot({ path: "test-results/github-sync-history.png", fullPage: true });

  // Disconnect: the templates stay and become editable.
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.getByRole("status").first()).toContainText("GitHub Sync is disconnected");
  await page.goto("/templates");
  await expect(page.getByText("Managed by GitHub")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Edit Welcome v2" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete Receipt" })).toBeVisible();
});
