import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../../prisma/seed";
import { signIn } from "./helpers";

test("sign-out revocation: a session cookie copied before signing out gets the login page", async ({
  page,
  browser,
}) => {
  await signIn(page, "member");
  const copied = (await page.context().cookies()).find((cookie) => cookie.name === "allegro_session");
  expect(copied).toBeDefined();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  const elsewhere = await browser.newContext();
  await elsewhere.addCookies([copied!]);
  const replay = await elsewhere.newPage();
  await replay.goto("/templates");
  await expect(replay).toHaveURL(/\/login\?next=%2Ftemplates/);
  await expect(replay.getByRole("heading", { name: "Sign in to Allegro" })).toBeVisible();
  await elsewhere.close();
});

test("a next= that browsers read as another host (/<tab>/evil.example) ends on an Allegro page", async ({
  page,
  baseURL,
}) => {
  await page.goto("/login?next=%2F%09%2Fevil.example");
  await page.getByLabel("Email").fill(DEMO_USERS.member.email);
  await page.getByLabel("Password").fill(DEMO_USERS.member.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  await expect(page).toHaveURL(/\/templates$/);
});
