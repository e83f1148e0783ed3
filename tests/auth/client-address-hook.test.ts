import http from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddressOf, installClientAddressHook } from "../../scripts/client-address-hook.mjs";
import { listenAddress } from "../../scripts/listen-address";
import { parseEnv } from "@/lib/env";

describe("client addresses: X-Forwarded-For is believed only as far as TRUST_PROXY says", () => {
  it.each([
    // [header, socket, TRUST_PROXY, client]
    ["6.6.6.6", "203.0.113.7", 0, "203.0.113.7"],
    [undefined, "203.0.113.7", 0, "203.0.113.7"],
    ["6.6.6.6, 198.51.100.1", "10.0.0.2", 1, "198.51.100.1"],
    ["6.6.6.6, 198.51.100.1, 10.0.0.3", "10.0.0.2", 2, "198.51.100.1"],
    [undefined, "10.0.0.2", 1, "10.0.0.2"],
  ])("X-Forwarded-For %j from socket %s with TRUST_PROXY=%i → %s", (header, socket, trust, expected) => {
    expect(clientAddressOf(header, socket, trust)).toBe(expected);
  });

  it("replaces a forged X-Forwarded-For with the socket address before the app sees the request", async () => {
    installClientAddressHook(0);
    const server = http.createServer((request, response) => response.end(request.headers["x-forwarded-for"]));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as { port: number };
      const answer = await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": "6.6.6.6" } });
      expect(await answer.text()).toBe("127.0.0.1");
    } finally {
      server.close();
    }
  });
});

const production = (extra: Record<string, string>) =>
  parseEnv(
    {
      DATABASE_URL: "postgresql://u:p@localhost/db",
      SESSION_SECRET: "a-production-secret-of-sufficient-length-0123",
      INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef",
      INNGEST_EVENT_KEY: "event-key",
      APP_URL: "https://allegro.example",
      ...extra,
    },
    "production",
  );

describe("where npm start and npm run dev listen", () => {
  it("npm start binds 127.0.0.1 when INNGEST_DEV is allowed by a loopback APP_URL, whatever HOST says", () => {
    const env = production({ APP_URL: "http://localhost:3000", INNGEST_DEV: "1" });
    const { host, notes } = listenAddress("start", "0.0.0.0", env);
    expect(host).toBe("127.0.0.1");
    expect(notes.join("\n")).toMatch(/listening on 127\.0\.0\.1 only: INNGEST_DEV .* \(HOST=0\.0\.0\.0 ignored\)/);
  });

  it("npm start says which client address it uses", () => {
    expect(listenAddress("start", undefined, production({})).notes.join("\n")).toMatch(
      /the socket address; X-Forwarded-For is ignored \(set TRUST_PROXY/,
    );
    expect(listenAddress("start", undefined, production({ TRUST_PROXY: "1" })).notes.join("\n")).toMatch(
      /TRUST_PROXY=1/,
    );
    expect(() => production({ TRUST_PROXY: "all" })).toThrow(/TRUST_PROXY must be the number of reverse proxies/);
  });

  it("npm run dev binds 127.0.0.1 by default; HOST=0.0.0.0 opts out with a warning", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://u:p@localhost/db", SESSION_SECRET: "x".repeat(32) });
    expect(listenAddress("dev", undefined, env).host).toBe("127.0.0.1");
    const open = listenAddress("dev", "0.0.0.0", env);
    expect(open.host).toBe("0.0.0.0");
    expect(open.notes.join("\n")).toMatch(/WARNING: HOST=0\.0\.0\.0: .*demo password/);
  });

  it("the ownership skip flag needs a loopback GITHUB_API_URL too", () => {
    const github = {
      GITHUB_APP_ID: "1",
      GITHUB_APP_PRIVATE_KEY: "x",
      GITHUB_WEBHOOK_SECRET: "0123456789abcdef",
      GITHUB_APP_URL: "https://github.com/apps/allegro",
      ALLEGRO_INSECURE_SKIP_INSTALL_OWNERSHIP: "1",
      APP_URL: "http://localhost:3000",
    };
    expect(() =>
      parseEnv({ DATABASE_URL: "postgresql://u:p@localhost/db", SESSION_SECRET: "x".repeat(32), ...github }),
    ).toThrow(
      /only allowed against the GitHub simulator on a loopback GITHUB_API_URL \(got https:\/\/api\.github\.com\)/,
    );
  });
});
