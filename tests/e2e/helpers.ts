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
