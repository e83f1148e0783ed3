import fs from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { installInOrganization } from "./helpers";
import { checkLayoutAndA11y, expectBannerTone, hueFamily, rgbOf } from "./settings-checks";
import { control, createGithubOrg } from "./simulator";

const doc = (name: string) => JSON.stringify({ name }, null, 2);
const banner = (page: Page) => page.getByTestId("banner").first();
const status = (page: Page) => page.getByTestId("sync-status");

/** Reloads until the connection card shows `kind` (syncs and webhooks finish after the response). */
async function waitForStatus(page: Page, kind: string, timeout = 40_000) {
  await expect(async () => {
    await page.reload();
    await expect(status(page)).toHaveAttribute("data-status", kind, { timeout: 1000 });
  }).toPass({ timeout });
}

async function expectBadgeFamily(page: Page, family: string) {
  const badge = status(page).locator("span").first();
  expect(hueFamily(await rgbOf(badge, "backgroundColor"))).toBe(family);
}

function inngest(failing: boolean) {
  const url = fs.readFileSync(".data/e2e/inngest-url", "utf8").trim();
  return fetch(`${url}/_control/failing`, { method: "POST", body: JSON.stringify({ failing }) });
}

// One organization (Hooli, seeded for this spec) walks through every state of the page, signed in once.
test("Settings → GitHub Sync in every state, at 1280 and 390 px: axe, no sideways scroll, banner colours", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const { user, org } = await createGithubOrg("hooli", {
    "templates/welcome.json": doc("Welcome"),
    "templates/receipt.json": doc("Receipt"),
  });
  const repository = `${org}/templates`;

  await test.step("not connected → install: a green banner, then the repository form", async () => {
    await installInOrganization(page, "Hooli", { user, org });
    await expectBannerTone(banner(page), "success");
    await checkLayoutAndA11y(page, "no repository");
  });

  await test.step("a wrong branch: one message at the field, focus on it, every value kept", async () => {
    await page.getByRole("textbox", { name: "Branch", exact: true }).fill("nope");
    await page.getByRole("textbox", { name: "Folder" }).fill("templates");
    await page.getByRole("button", { name: "Save and sync" }).click();
    const branch = page.getByRole("textbox", { name: "Branch", exact: true });
    await expect(page.locator("#branch-error")).toHaveText(`Branch “nope” does not exist in ${repository}.`);
    await expect(branch).toBeFocused();
    await expect(branch).toHaveAttribute("aria-invalid", "true");
    await expect(branch).toHaveAttribute("aria-describedby", /branch-error/);
    await expect(branch).toHaveValue("nope");
    await expect(page.getByRole("textbox", { name: "Folder" })).toHaveValue("templates");
    await expect(page.getByLabel(repository)).toBeChecked();
    expect(hueFamily(await rgbOf(page.locator("#branch-error"), "color"))).toBe("red");
    await checkLayoutAndA11y(page, "wrong branch", "settings-error");
  });

  await test.step("connected and synced", async () => {
    await page.getByRole("textbox", { name: "Branch", exact: true }).fill("");
    await page.getByRole("button", { name: "Save and sync" }).click();
    await expect(banner(page)).toContainText("Repository saved");
    await expectBannerTone(banner(page), "success");
    await waitForStatus(page, "synced");
    await expectBadgeFamily(page, "green");
    await expect(page.getByRole("link", { name: "Configure on GitHub" })).toHaveAttribute(
      "href",
      new RegExp(`/organizations/${org}/settings/installations/\\d+$`),
    );
    await checkLayoutAndA11y(page, "connected", "settings-connected");
  });

  await test.step("Edit in place: a wrong branch keeps the values, then the change is saved", async () => {
    await page.getByRole("link", { name: "Edit", exact: true }).click();
    const branch = page.getByRole("textbox", { name: "Branch", exact: true });
    await expect(branch).toHaveValue("main");
    await expect(page.getByRole("textbox", { name: "Folder" })).toHaveValue("templates");
    await branch.fill("typo");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.locator("#branch-error")).toContainText("Branch “typo” does not exist");
    await expect(branch).toBeFocused();
    await expect(branch).toHaveValue("typo");
    await expect(page.getByRole("textbox", { name: "Folder" })).toHaveValue("templates");
    await expect(page.getByLabel(repository)).toBeChecked();
    await branch.fill("main");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(banner(page)).toContainText("Changes saved");
    await expectBannerTone(banner(page), "success");
    await waitForStatus(page, "synced");
  });

  await test.step("syncing (GitHub slowed down, Sync Now)", async () => {
    await control("POST", "/latency", { ms: 1500 });
    try {
      await page.getByRole("button", { name: "Sync Now" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Sync queued." })).toHaveAttribute(
        "data-tone",
        "success",
      );
      await waitForStatus(page, "syncing", 15_000);
      await expectBadgeFamily(page, "blue");
      await checkLayoutAndA11y(page, "syncing");
    } finally {
      await control("POST", "/latency", { ms: 0 });
    }
    await waitForStatus(page, "synced");
  });

  await test.step("needs attention: an invalid file, linked at its commit and line", async () => {
    const { sha } = await control<{ sha: string }>("POST", `/repositories/${repository}/commits`, {
      message: "Add a broken template",
      changes: [{ action: "put", path: "templates/broken.json", content: '{\n  "name": "Broken",\n  oops\n}' }],
    });
    await waitForStatus(page, "needs_attention");
    await expectBadgeFamily(page, "amber");
    await expect(page.getByTestId("connection")).toContainText("Add a broken template");
    await expect(page.getByRole("link", { name: "templates/broken.json:3:3" }).first()).toHaveAttribute(
      "href",
      new RegExp(`/${repository}/blob/${sha}/templates/broken\\.json#L3$`),
    );
    await expect(page.getByTestId("delivery").first()).toContainText("push");
    await checkLayoutAndA11y(page, "needs attention", "settings-history");
  });

  await test.step("waiting for Inngest: a push while Inngest refuses events", async () => {
    await inngest(true);
    try {
      await control("POST", `/repositories/${repository}/commits`, {
        changes: [{ action: "put", path: "templates/later.json", content: doc("Later") }],
      });
      await waitForStatus(page, "waiting");
      await expectBadgeFamily(page, "amber");
      await expectBannerTone(page.getByTestId("banner").filter({ hasText: "waiting to start" }), "warning");
      await checkLayoutAndA11y(page, "waiting");
    } finally {
      await inngest(false);
    }
  });

  const installationId = (await page.getByRole("link", { name: "Configure on GitHub" }).getAttribute("href"))!
    .split("/")
    .at(-1)!;

  await test.step("broken: the repository was taken from the installation", async () => {
    await control("POST", `/installations/${installationId}/repositories`, { remove: [repository] });
    await waitForStatus(page, "broken");
    await expectBadgeFamily(page, "red");
    await expect(page.getByText("No repositories.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Configure on GitHub" }).last()).toHaveAttribute(
      "href",
      /\/settings\/installations\/\d+$/,
    );
    await checkLayoutAndA11y(page, "broken", "settings-broken");
    await control("POST", `/installations/${installationId}/repositories`, { add: [repository] });
  });

  await test.step("disconnected: Reconnect is offered while the installation exists", async () => {
    await page.getByRole("button", { name: "Disconnect" }).click();
    await page.getByRole("button", { name: "Yes, disconnect" }).click();
    await expect(banner(page)).toContainText("GitHub Sync is disconnected");
    await expectBannerTone(banner(page), "success");
    await expect(page.getByTestId("reconnect")).toContainText(org);
    await checkLayoutAndA11y(page, "disconnected");
  });

  await test.step("reconnect in one pass through GitHub", async () => {
    await page.getByRole("button", { name: `Reconnect ${org}` }).click();
    await page.getByLabel("Signed in to GitHub as").selectOption(user);
    await page.getByRole("button", { name: "Authorize" }).click();
    await expect(banner(page)).toContainText("connected again");
    await expectBannerTone(banner(page), "success");
    await expect(page.getByRole("heading", { name: "Choose the repository to sync" })).toBeVisible();
    await checkLayoutAndA11y(page, "reconnected");
    await page.getByLabel(repository).check();
    await page.getByRole("textbox", { name: "Folder" }).fill("templates");
    await page.getByRole("button", { name: "Save and sync" }).click();
    await waitForStatus(page, "needs_attention");
  });

  await test.step("suspended on GitHub", async () => {
    await control("POST", `/installations/${installationId}/suspend`);
    await waitForStatus(page, "suspended");
    await expectBadgeFamily(page, "amber");
    await checkLayoutAndA11y(page, "suspended");
    await control("POST", `/installations/${installationId}/unsuspend`);
    await waitForStatus(page, "needs_attention");
  });
});
