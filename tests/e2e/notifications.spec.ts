import http from "node:http";
import type { Page } from "@playwright/test";
import { checkPage, WIDTHS } from "./a11y";
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

const port = Number(process.env.E2E_PORT ?? 3100);
/** The e2e server's mail catcher page (scripts/e2e-server.ts: port + 3). */
const MAIL_CATCHER = `http://127.0.0.1:${port + 3}`;
/** A webhook receiver of this spec's own (port + 5). */
const RECEIVER_PORT = port + 5;

type Hit = { headers: http.IncomingHttpHeaders; body: string };
const hits: Hit[] = [];
let receiver: http.Server;
test.beforeAll(async () => {
  receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => receiver.listen(RECEIVER_PORT, "127.0.0.1", resolve));
});
test.afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const panel = (page: Page) => page.getByRole("region", { name: "Notifications" });
const destination = (page: Page, name: RegExp) => panel(page).getByRole("listitem", { name });

test("a webhook and an email destination, set up offline: Send test reaches the receiver and the mail catcher", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "admin", "/settings/github-sync");
  await expect(panel(page)).toBeVisible();
  await expect(panel(page).getByTestId("no-destinations")).toBeVisible();

  // A URL is needed: the message is announced and the URL field gets focus.
  await panel(page).getByRole("button", { name: "Add destination" }).click();
  await expect(panel(page).getByRole("alert")).toHaveText("Enter the Webhook URL.");
  await expect(panel(page).getByLabel("Webhook URL")).toBeFocused();
  // The server's own refusal (422) comes back the same way.
  await panel(page).getByLabel("Webhook URL").fill("ftp://example.com/hook");
  await panel(page).getByRole("button", { name: "Add destination" }).click();
  await expect(panel(page).getByRole("alert")).toHaveText("The URL must start with https://.");
  await expect(panel(page).getByLabel("Webhook URL")).toBeFocused();

  const url = `http://127.0.0.1:${RECEIVER_PORT}/hook`;
  await panel(page).getByLabel("Webhook URL").fill(url);
  await panel(page).getByRole("button", { name: "Add destination" }).click();
  const secret = panel(page).getByTestId("webhook-secret");
  await expect(secret).toBeVisible();
  await expect(secret.getByLabel("Signing secret")).toHaveValue(/^whsec_/);
  const webhook = destination(page, /^Webhook: /);
  await expect(webhook).toContainText(url);

  await panel(page).getByRole("radio", { name: "Email" }).check();
  await panel(page).getByRole("button", { name: "Add destination" }).click();
  const email = destination(page, /^Email: /);
  await expect(email).toBeVisible();
  await checkPage(page, "settings with notifications at 1280 px");
  await page.screenshot({ path: "test-results/notifications-1280.png", fullPage: true });

  // Send test by email: the log shows the mail server's 250, and the mail is in the catcher.
  await email.getByRole("button", { name: "Send test" }).click();
  await expect(email.getByText(/^Test queued/)).toBeVisible();
  await expect(email.getByTestId("attempt").first()).toContainText("250", { timeout: 30_000 });
  await expect(email.getByTestId("attempt").first()).toContainText("delivered");

  // Send test by webhook: the receiver gets the signed POST.
  await webhook.getByRole("button", { name: "Send test" }).click();
  await expect(webhook.getByTestId("attempt").first()).toContainText("204", { timeout: 30_000 });
  expect(hits.at(-1)!.headers["webhook-signature"]).toMatch(/^v1,/);
  expect(JSON.parse(hits.at(-1)!.body)).toMatchObject({ type: "test", data: { settings_url: expect.any(String) } });

  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await checkPage(page, `settings with notifications at ${width} px`);
  }
  await page.screenshot({ path: "test-results/notifications-390.png", fullPage: true });

  // The catcher's page forbids every script (its CSP): axe needs them, so this context bypasses it.
  const mailContext = await browser.newContext({ bypassCSP: true });
  const mail = await mailContext.newPage();
  await mail.setViewportSize({ width: 390, height: 900 });
  await mail.goto(MAIL_CATCHER);
  await expect(
    mail.getByRole("heading", { level: 2, name: /^Test notification from Allegro for / }).first(),
  ).toBeVisible();
  await expect(mail.getByText("admin@acme.test").first()).toBeVisible();
  for (const width of WIDTHS) {
    await mail.setViewportSize({ width, height: 900 });
    await checkPage(mail, `mail catcher at ${width} px`);
  }
  await mail.screenshot({ path: "test-results/mail-catcher-390.png", fullPage: true });
  await mailContext.close();

  // Removing asks first, then the destination is gone.
  await email.getByRole("button", { name: "Remove" }).click();
  await email.getByRole("button", { name: "Remove it" }).click();
  await expect(destination(page, /^Email: /)).toHaveCount(0);
  await webhook.getByRole("button", { name: "Remove" }).click();
  await webhook.getByRole("button", { name: "Remove it" }).click();
  await expect(panel(page).getByTestId("no-destinations")).toBeVisible();
});
