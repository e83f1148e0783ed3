import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

const pem = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs1", format: "pem" })
  .toString();
const base = { DATABASE_URL: "postgresql://u:p@localhost:5432/db", SESSION_SECRET: "x".repeat(32) };
const github = {
  GITHUB_APP_ID: "123",
  GITHUB_APP_PRIVATE_KEY: pem,
  GITHUB_WEBHOOK_SECRET: "a-webhook-secret-of-length",
  GITHUB_APP_URL: "https://github.com/apps/allegro-sync/installations/new",
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("accepts a minimal configuration, GitHub not configured", () => {
    const env = parseEnv(base);
    expect(env.github).toBeNull();
    expect(env.githubMissing).toEqual([
      "GITHUB_APP_ID",
      "GITHUB_APP_PRIVATE_KEY",
      "GITHUB_WEBHOOK_SECRET",
      "GITHUB_APP_URL",
    ]);
    expect(env.appUrl).toBe("http://localhost:3000");
    expect(env.secureCookies).toBe(false);
  });

  it("derives the GitHub web origin and slug, and defaults the API URL", () => {
    const env = parseEnv({ ...base, ...github, APP_URL: "https://allegro.example" });
    expect(env.github).toMatchObject({
      appId: "123",
      apiUrl: "https://api.github.com",
      webUrl: "https://github.com",
      slug: "allegro-sync",
    });
    expect(env.secureCookies).toBe(true);
  });

  it("names each missing or malformed variable and how to fix it", () => {
    expect(problems({})).toEqual([
      expect.stringMatching(/^DATABASE_URL is not set/),
      expect.stringMatching(/^SESSION_SECRET is not set: generate one with `openssl rand -base64 32`/),
    ]);
    expect(problems({ ...base, SESSION_SECRET: "short" })).toEqual([
      expect.stringMatching(/SESSION_SECRET must be at least 32 characters/),
    ]);
    expect(problems({ ...base, GITHUB_APP_ID: "1" })).toEqual([
      expect.stringMatching(
        /GITHUB_APP_PRIVATE_KEY, GITHUB_WEBHOOK_SECRET, GITHUB_APP_URL must be set together with GITHUB_APP_ID/,
      ),
    ]);
  });

  it("explains a PEM pasted with literal \\n sequences", () => {
    const flattened = pem.trim().replace(/\n/g, "\\n");
    expect(problems({ ...base, ...github, GITHUB_APP_PRIVATE_KEY: flattened })).toEqual([
      expect.stringMatching(/^GITHUB_APP_PRIVATE_KEY contains literal "\\n" sequences instead of line breaks/),
    ]);
    expect(problems({ ...base, ...github, GITHUB_APP_PRIVATE_KEY: "not a key" })).toEqual([
      expect.stringMatching(/^GITHUB_APP_PRIVATE_KEY must be the full PEM/),
    ]);
  });

  it("checks the app URL's shape and the OAuth pair", () => {
    expect(problems({ ...base, ...github, GITHUB_APP_URL: "https://github.com/settings/apps/x" })).toEqual([
      expect.stringMatching(/^GITHUB_APP_URL must look like https:\/\/github.com\/apps\/<slug>\/installations\/new/),
    ]);
    expect(problems({ ...base, ...github, GITHUB_APP_CLIENT_ID: "Iv1.x" })).toEqual([
      "GITHUB_APP_CLIENT_ID and GITHUB_APP_CLIENT_SECRET must be set together",
    ]);
  });
});
