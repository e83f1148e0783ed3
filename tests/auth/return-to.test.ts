import { describe, expect, it } from "vitest";
import { safeReturnTo } from "@/lib/auth/return-to";

describe("safeReturnTo", () => {
  // Browsers drop tabs and newlines from URLs and read "\" as "/", so each of these
  // would leave the app: "/\t/evil.example" becomes "//evil.example".
  it.each([
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    "/\u0000/evil.example",
    "/\u001f/evil.example",
    "/\u007f/evil.example",
    "/\u0085/evil.example",
    "//evil.example",
    "//evil.example/templates",
    "///evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/templates\\..\\..\\evil",
    "https://evil.example",
    "http://localhost:3000.evil.example/",
    "javascript:alert(1)",
    " /templates",
    "templates",
    "",
  ])("refuses %j", (next) => {
    expect(safeReturnTo(next)).toBe("/templates");
  });

  it.each([undefined, null, 42, ["/templates/1"], { next: "/x" }])("refuses a non-string %j", (next) => {
    expect(safeReturnTo(next, "/fallback")).toBe("/fallback");
  });

  it.each([
    ["/settings/github-sync", "/settings/github-sync"],
    ["/templates/42?tab=history#top", "/templates/42?tab=history#top"],
    ["/%09/evil.example", "/%09/evil.example"],
    ["/templates/../settings/github-sync", "/settings/github-sync"],
    [
      "/github/callback?installation_id=1&setup_action=install",
      "/github/callback?installation_id=1&setup_action=install",
    ],
  ])("follows the same-origin path %j as %j", (next, expected) => {
    expect(safeReturnTo(next)).toBe(expected);
  });
});
