import { describe, expect, it } from "vitest";
import { securityHeaders } from "@/lib/http/security-headers";

describe("securityHeaders", () => {
  it("sends HSTS and upgrade-insecure-requests only under https, and 'unsafe-eval' only in development", () => {
    const production = securityHeaders({ nonce: "abc", development: false, https: true });
    expect(production["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(production["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
    expect(production["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic';");
    const local = securityHeaders({ nonce: "abc", development: true, https: false });
    expect(local["Strict-Transport-Security"]).toBeUndefined();
    expect(local["Content-Security-Policy"]).not.toContain("upgrade-insecure-requests");
    expect(local["Content-Security-Policy"]).toContain("'nonce-abc' 'strict-dynamic' 'unsafe-eval'");
  });

  it("allows inline styles for Next's dev overlay in development only; production styles need the nonce", () => {
    const production = securityHeaders({ nonce: "abc", development: false, https: true })["Content-Security-Policy"];
    expect(production).toContain("style-src 'self' 'nonce-abc';");
    expect(production).not.toContain("unsafe-inline");
    const local = securityHeaders({ nonce: "abc", development: true, https: false })["Content-Security-Policy"];
    // With a nonce beside it, browsers ignore 'unsafe-inline': development's style-src has none.
    expect(local).toContain("style-src 'self' 'unsafe-inline';");
    expect(local).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic' 'unsafe-eval';");
  });

  it("lets the Connect form redirect to GitHub's origin and nowhere else", () => {
    const csp = securityHeaders({ nonce: "n", development: false, https: true, githubOrigin: "https://github.com" })[
      "Content-Security-Policy"
    ];
    expect(csp).toContain("form-action 'self' https://github.com;");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
