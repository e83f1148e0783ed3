import { expect, test as base } from "@playwright/test";

/**
 * Every spec imports `test` from here: it fails the test on any Content Security Policy
 * report, whether Chromium logs it to the console or the page fires `securitypolicyviolation`.
 */
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) =>
          console.error(
            `Content Security Policy violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`,
          ),
        );
      });
      await use();
      expect(violations, "Content Security Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
