import { expect, test } from "./fixtures";
import { signIn } from "./helpers";

for (const path of ["/login", "/settings/github-sync"]) {
  test(`${path} sends a nonce-based CSP and the other security headers`, async ({ page }) => {
    if (path !== "/login") await signIn(page, "admin");
    const response = (await page.goto(path))!;
    expect(response.status()).toBe(200);
    const headers = response.headers();
    const csp = headers["content-security-policy"]!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // Plain http on loopback: no HSTS (it is sent when APP_URL is https).
    expect(headers["strict-transport-security"]).toBeUndefined();
    // Next put the nonce on its scripts, and the page hydrated with the CSP on.
    expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
    const fresh = (await page.request.get(path)).headers()["content-security-policy"];
    expect(fresh).not.toBe(csp);
  });
}
