import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { parseEnv } from "@/lib/env";
import { githubWebUrlFor } from "@/lib/github/web-url";
import { announceSetup } from "@/lib/setup/announce";
import { retireSetupCodes, verifySetupCode } from "@/lib/setup/setup-code";
import { openSecret, sealSecret } from "@/lib/setup/secret-box";

const base = {
  DATABASE_URL: "postgresql://x/y",
  SESSION_SECRET: "s".repeat(32),
  APP_URL: "https://allegro.example.com",
};
const address = () => `198.51.100.${Math.floor(Math.random() * 250)}`;

describe("GitHub's web host", () => {
  it.each([
    ["https://api.github.com", "https://github.com"],
    ["https://ghe.example.com/api/v3", "https://ghe.example.com"],
    ["http://127.0.0.1:4010/api/v3", "http://127.0.0.1:4010"],
  ])("%s → %s", (api, web) => expect(githubWebUrlFor(api)).toBe(web));

  it("GITHUB_URL wins over the derived host", () => {
    const env = parseEnv({
      ...base,
      GITHUB_API_URL: "https://ghe.example.com/api/v3",
      GITHUB_URL: "https://web.example.com/",
    });
    expect(env.githubHost).toEqual({ webUrl: "https://web.example.com", apiUrl: "https://ghe.example.com/api/v3" });
    expect(parseEnv({ ...base, GITHUB_API_URL: "https://ghe.example.com/api/v3" }).githubHost.webUrl).toBe(
      "https://ghe.example.com",
    );
  });
});

describe("ALLEGRO_ENCRYPTION_KEY and AES-256-GCM", () => {
  it("takes 32 bytes in base64 and refuses anything else", () => {
    const key = randomBytes(32).toString("base64");
    expect(parseEnv({ ...base, ALLEGRO_ENCRYPTION_KEY: key }).encryptionKey).toEqual(Buffer.from(key, "base64"));
    for (const bad of ["short", randomBytes(16).toString("base64"), "!".repeat(44)])
      expect(() => parseEnv({ ...base, ALLEGRO_ENCRYPTION_KEY: bad })).toThrow("openssl rand -base64 32");
  });

  it("decrypts only with the same key and for the same field", () => {
    const key = randomBytes(32);
    const sealed = sealSecret(key, "-----BEGIN RSA PRIVATE KEY-----", "github-app:1:privateKey");
    expect(sealed).not.toContain("PRIVATE");
    expect(openSecret(key, sealed, "github-app:1:privateKey")).toBe("-----BEGIN RSA PRIVATE KEY-----");
    expect(() => openSecret(randomBytes(32), sealed, "github-app:1:privateKey")).toThrow("ALLEGRO_ENCRYPTION_KEY");
    expect(() => openSecret(key, sealed, "github-app:1:webhookSecret")).toThrow();
  });
});

describe("the setup code npm start prints", () => {
  const production = (extra: Record<string, string> = {}) =>
    parseEnv({ ...base, INNGEST_SIGNING_KEY: "signkey-prod-1", INNGEST_EVENT_KEY: "e", ...extra }, "production");

  it("is printed at each start while unconfigured, works until setup completes, then stops working", async () => {
    const db = getDb();
    await db.githubAppCredential.deleteMany({});
    const first = await announceSetup(db, production());
    const second = await announceSetup(db, production());
    const codeOf = (lines: string[]) => /setup code (\S+)/.exec(lines[0]!)![1]!;
    expect(first.lines[0]).toContain("https://allegro.example.com/setup/github");
    const [a, b] = [codeOf(first.lines), codeOf(second.lines)];
    expect(a).not.toBe(b);
    await verifySetupCode(db, a, { address: address(), envCode: null });
    await verifySetupCode(db, b.toLowerCase(), { address: address(), envCode: null });
    await retireSetupCodes(db);
    await expect(verifySetupCode(db, a, { address: address(), envCode: null })).rejects.toMatchObject({ status: 401 });
  });

  it("is not printed when ALLEGRO_SETUP_CODE is set (the operator's own code works instead)", async () => {
    const db = getDb();
    const before = await db.setupCode.count();
    const withCode = await announceSetup(db, production({ ALLEGRO_SETUP_CODE: "operator-own-code-123" }));
    expect(withCode.lines).toEqual([
      "GitHub App not set up yet: open https://allegro.example.com/setup/github and enter ALLEGRO_SETUP_CODE",
    ]);
    expect(await db.setupCode.count()).toBe(before);
    await verifySetupCode(db, "operator-own-code-123", { address: address(), envCode: "operator-own-code-123" });
  });

  it("refuses to start when credentials are stored but the key is not set", async () => {
    const db = getDb();
    await db.githubAppCredential.create({
      data: {
        appId: 1n,
        slug: "a",
        name: "a",
        clientId: "c",
        clientSecretEnc: "x",
        webhookSecretEnc: "x",
        privateKeyEnc: "x",
      },
    });
    try {
      const result = await announceSetup(db, production());
      expect(result).toEqual({ lines: [], problem: expect.stringContaining("ALLEGRO_ENCRYPTION_KEY is not set") });
    } finally {
      await db.githubAppCredential.deleteMany({});
    }
  });
});
