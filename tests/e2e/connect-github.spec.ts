import { expect, test } from "./fixtures";
import { installInOrganization, signIn } from "./helpers";
import { control, createGithubOrg } from "./simulator";

test("admin connects GitHub through the install page, picks repository and branch, then disconnects", async ({
  page,
}) => {
  test.setTimeout(120_000); // a busy machine's first sync may take a while
  const { user, org } = await createGithubOrg("acme", { "templates/welcome.json": '{"name":"Welcome"}' });
  await control("POST", `/repositories/${org}/templates/branches`, { name: "release" });

  // An organization of its own: the demo organization stays unconnected for the other specs,
  // whatever happens here.
  await signIn(page, "admin");
  await page.getByLabel("Organization").selectOption({ label: "Cyberdyne (admin)" });
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByText("No templates yet")).toBeVisible();
  await page.goto("/settings/github-sync");
  await expect(page.getByRole("heading", { name: "Not connected" })).toBeVisible();
  await page.getByRole("button", { name: "Connect GitHub Repository" }).click();

  // The simulated github.com install page.
  await expect(page.getByRole("heading", { name: /^Install / })).toBeVisible();
  await page.getByLabel("Signed in to GitHub as").selectOption(user);
  await page.getByLabel("Install on account").selectOption(org);
  await page.getByLabel("All repositories").check();
  // The callback redirects to the settings page with the notice, which the page then drops from
  // the address (a reload must not report it again): catch the redirect's landing response.
  const landed = page.waitForResponse((r) => /\/settings\/github-sync\?notice=installed$/.test(r.url()));
  await page.getByRole("button", { name: "Install" }).click();
  expect((await landed).status()).toBe(200);
  await expect(page).not.toHaveURL(/notice=/);
  await expect(page.getByRole("status").filter({ hasText: "The GitHub App is installed and connected" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Choose the repository to sync" })).toBeVisible();
  await page.getByLabel(`${org}/templates`).check();
  await page.getByRole("textbox", { name: "Branch", exact: true }).fill("release");
  await page.getByRole("textbox", { name: "Folder" }).fill("templates");
  await page.getByRole("button", { name: "Save and sync" }).click();

  await expect(
    page.getByRole("status").filter({ hasText: "Repository saved. Its first sync is recorded" }),
  ).toBeVisible();
  // The notice belongs to this response only: once the first sync has finished (the history
  // refreshes the page) and the page is reloaded, it is gone.
  await expect(page.getByTestId("sync-run").first()).toContainText("Succeeded", { timeout: 45_000 });
  await expect(page).not.toHaveURL(/notice=/);
  await page.reload();
  await expect(page.getByTestId("sync-run").first()).toContainText("Succeeded");
  await expect(page.getByText("Repository saved.")).toHaveCount(0);
  const connection = page.getByTestId("connection");
  await expect(connection).toContainText(org);
  await expect(connection.getByRole("link", { name: `${org}/templates` })).toHaveAttribute(
    "href",
    new RegExp(`/${org}/templates$`),
  );
  await expect(connection).toContainText("release");
  await expect(connection).toContainText("templates/");
  await page.screenshot({ path: "test-results/github-sync-connected.png", fullPage: true });

  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.getByRole("status").filter({ hasText: "GitHub Sync is disconnected" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Not connected" })).toBeVisible();
});

test("a wrong branch is refused with a clear message", async ({ page }) => {
  const { user, org } = await createGithubOrg("globex", { "a.json": '{"name":"A"}' });
  await installInOrganization(page, "Globex", { user, org });
  await page.getByRole("textbox", { name: "Branch", exact: true }).fill("does-not-exist");
  await page.getByRole("button", { name: "Save and sync" }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText(
    `Branch “does-not-exist” does not exist in ${org}/templates.`,
  );
});
