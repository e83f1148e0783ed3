import { expect, type Page } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/seed";

export async function signIn(page: Page, who: keyof typeof DEMO_USERS, next?: string) {
  const user = DEMO_USERS[who];
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Signs in as the demo admin, opens an empty organization, and installs the app from the simulated GitHub page. */
export async function installInOrganization(page: Page, organization: string, github: { user: string; org: string }) {
  await signIn(page, "admin");
  await page.getByLabel("Organization").selectOption({ label: `${organization} (admin)` });
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByText("No templates yet")).toBeVisible();
  await page.goto("/settings/github-sync");
  await page.getByRole("button", { name: "Connect GitHub Repository" }).click();
  await page.getByLabel("Signed in to GitHub as").selectOption(github.user);
  await page.getByLabel("Install on account").selectOption(github.org);
  await page.getByRole("button", { name: "Install" }).click();
  await page.getByLabel(`${github.org}/templates`).check();
}
