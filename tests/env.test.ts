import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, type EnvMode } from "@/lib/env";

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

function problems(source: Record<string, string | undefined>, mode: EnvMode = "development"): string[] {
  try {
    parseEnv(source, mode);
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

  it("parses the relay's clock and secret: 5 s and no route by default, 0 turns the clock off", () => {
    expect(parseEnv(base).relay).toEqual({ intervalMs: 5000, secret: null });
    const secret = "s".repeat(32);
    expect(parseEnv({ ...base, ALLEGRO_RELAY_INTERVAL_MS: "0", ALLEGRO_RELAY_SECRET: secret }).relay).toEqual({
      intervalMs: 0,
      secret,
    });
    expect(problems({ ...base, ALLEGRO_RELAY_INTERVAL_MS: "50" })).toEqual([
      'ALLEGRO_RELAY_INTERVAL_MS must be 0 (off) or at least 100 milliseconds (got "50")',
    ]);
    expect(problems({ ...base, ALLEGRO_RELAY_INTERVAL_MS: "soon" })).toHaveLength(1);
    expect(problems({ ...base, ALLEGRO_RELAY_SECRET: "short" })).toEqual([
      "ALLEGRO_RELAY_SECRET must be at least 32 characters: generate one with `openssl rand -base64 32`",
    ]);
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

describe("parseEnv: installation ownership", () => {
  const oauth = { GITHUB_APP_CLIENT_ID: "Iv1.abc", GITHUB_APP_CLIENT_SECRET: "client-secret" };
  const production = {
    ...base,
    ...github,
    ...oauth,
    APP_URL: "https://allegro.example",
    INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef",
    INNGEST_EVENT_KEY: "event-key",
  };

  it("refuses production without the OAuth pair, saying how to enable it", () => {
    expect(problems(production, "production")).toEqual([]);
    const { GITHUB_APP_CLIENT_ID: _id, GITHUB_APP_CLIENT_SECRET: _secret, ...withoutOauth } = production;
    expect(problems(withoutOauth)).toEqual([]);
    expect(problems(withoutOauth, "production")).toEqual([
      expect.stringMatching(
        /^GITHUB_APP_CLIENT_ID and GITHUB_APP_CLIENT_SECRET are not set.*enable “Request user authorization \(OAuth\) during installation”/,
      ),
    ]);
  });

  it("allows the insecure opt-out only on a loopback APP_URL, loudly", () => {
    const skip = { ALLEGRO_INSECURE_SKIP_INSTALL_OWNERSHIP: "1", GITHUB_API_URL: "http://127.0.0.1:3001" };
    expect(problems({ ...production, ...skip })).toEqual([
      expect.stringMatching(/^ALLEGRO_INSECURE_SKIP_INSTALL_OWNERSHIP is only allowed .* loopback APP_URL/),
    ]);
    const local = parseEnv({ ...base, ...github, ...skip, APP_URL: "http://127.0.0.1:3000" });
    expect(local.insecureSkipInstallOwnership).toBe(true);
    expect(local.warnings).toEqual([expect.stringMatching(/WITHOUT proof/)]);
  });
});

describe("parseEnv: Inngest in production", () => {
  const production = { ...base, APP_URL: "https://allegro.example" };
  const keys = { INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef", INNGEST_EVENT_KEY: "event-key" };

  it("requires the signing and event keys", () => {
    expect(problems(production)).toEqual([]);
    expect(problems(production, "production")).toEqual([
      expect.stringMatching(/^INNGEST_SIGNING_KEY is not set/),
      expect.stringMatching(/^INNGEST_EVENT_KEY is not set/),
    ]);
    expect(problems({ ...production, ...keys }, "production")).toEqual([]);
  });

  it("refuses INNGEST_DEV unless APP_URL is a loopback address, and then warns", () => {
    expect(problems({ ...production, ...keys, INNGEST_DEV: "1" }, "production")).toEqual([
      expect.stringMatching(/^INNGEST_DEV must not be set in production/),
    ]);
    const local = parseEnv({ ...base, APP_URL: "http://localhost:3500", INNGEST_DEV: "1" }, "production");
    expect(local.warnings).toEqual([expect.stringMatching(/^INNGEST_DEV is set/)]);
  });
});

describe("parseEnv: production defaults", () => {
  const keys = { INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef", INNGEST_EVENT_KEY: "event-key" };

  it("requires an https APP_URL, allowing loopback http", () => {
    expect(problems({ ...base, ...keys }, "production")).toEqual([expect.stringMatching(/^APP_URL is not set/)]);
    expect(problems({ ...base, ...keys, APP_URL: "http://allegro.example" }, "production")).toEqual([
      expect.stringMatching(/^APP_URL must be https in production/),
    ]);
    for (const APP_URL of [
      "https://allegro.example",
      "http://localhost:3000",
      "http://127.0.0.1:3500",
      "http://[::1]:3000",
    ])
      expect(problems({ ...base, ...keys, APP_URL }, "production")).toEqual([]);
    expect(problems({ ...base, APP_URL: "http://allegro.example" })).toEqual([]);
  });

  it("says production needs its own PostgreSQL", () => {
    expect(
      problems({ ...keys, SESSION_SECRET: base.SESSION_SECRET, APP_URL: "https://a.example" }, "production"),
    ).toEqual([expect.stringMatching(/^DATABASE_URL is not set: production needs your PostgreSQL/)]);
  });
});
