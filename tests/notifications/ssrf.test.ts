import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress } from "@/lib/notifications/address-policy";
import { checkDestinationUrl } from "@/lib/notifications/destinations";
import { postSafely, type HttpPolicy, type Resolver } from "@/lib/notifications/safe-http";
import { startReceiver } from "../helpers/notify";

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
let target: Receiver;
beforeAll(async () => {
  target = await startReceiver();
});
afterAll(() => target.close());

const PUBLIC = "93.184.215.14";
const fixed =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
const dev: HttpPolicy = { production: false, allowPrivate: false };
const post = (url: string, policy: HttpPolicy) => postSafely(url, "{}", { "content-type": "application/json" }, policy);

describe("SSRF protection", () => {
  it("refuses private, loopback, link-local and reserved addresses, IPv4-mapped ones too", () => {
    for (const address of [
      "10.1.2.3",
      "127.0.0.1",
      "169.254.169.254",
      "172.20.0.1",
      "192.168.1.1",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
    ])
      expect([address, isPrivateAddress(address)]).toEqual([address, true]);
    for (const address of [PUBLIC, "8.8.8.8", "2606:4700:4700::1111"])
      expect([address, isPrivateAddress(address)]).toEqual([address, false]);
  });

  it("a private IP in the URL is refused when saved and when sent, without connecting", async () => {
    const url = `http://127.0.0.1:${target.port}/hook`;
    expect(await checkDestinationUrl(url, dev)).toMatch(/127\.0\.0\.1, a private or reserved address/);
    expect(await checkDestinationUrl("https://10.0.0.7/hook", dev)).toMatch(/10\.0\.0\.7, a private/);
    expect(await checkDestinationUrl("https://[::1]/hook", dev)).toMatch(/::1, a private/);
    const result = await post(url, dev);
    expect(result).toEqual({ statusCode: null, body: "", error: expect.stringMatching(/private or reserved/) });
    expect(target.hits).toHaveLength(0);
  });

  it("a failed connection is named by a sentence, never by the error's text (addresses and ports)", async () => {
    const closed = await startReceiver();
    const url = `http://127.0.0.1:${closed.port}/hook`;
    await closed.close();
    const result = await post(url, { production: false, allowPrivate: true });
    expect(result).toEqual({
      statusCode: null,
      body: "",
      error: "Could not connect: the server refused the connection.",
    });
    expect(result.error).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|:\d+/);
  });

  it("a name that resolves to 127.0.0.1 is refused (the real resolver: localhost)", async () => {
    expect(await checkDestinationUrl(`http://localhost:${target.port}/hook`, dev)).toMatch(/private or reserved/);
    const result = await post(`http://localhost:${target.port}/hook`, dev);
    expect(result.error).toMatch(/resolves to (127\.0\.0\.1|::1), a private or reserved address/);
    expect(target.hits).toHaveLength(0);
  });

  it("DNS rebinding fails: the address is checked when connecting, not only when the URL was saved", async () => {
    let calls = 0;
    const rebinding: Resolver = async () => [{ address: calls++ === 0 ? PUBLIC : "127.0.0.1", family: 4 }];
    const url = `http://rebind.example:${target.port}/hook`;
    expect(await checkDestinationUrl(url, { ...dev, resolve: rebinding })).toBeNull();
    const result = await post(url, { ...dev, resolve: rebinding });
    expect(result.error).toMatch(/127\.0\.0\.1, a private or reserved address/);
    expect(target.hits).toHaveLength(0);
  });

  it("one private address among public ones is enough to refuse", async () => {
    const result = await post(`http://mixed.example:${target.port}/`, { ...dev, resolve: fixed(PUBLIC, "10.0.0.1") });
    expect(result.error).toMatch(/10\.0\.0\.1/);
  });

  it("a redirect is answered, never followed", async () => {
    const redirecting = await startReceiver(() => ({ status: 302, headers: { location: target.url } }));
    const result = await post(redirecting.url, { production: false, allowPrivate: true });
    await redirecting.close();
    expect(result).toMatchObject({ statusCode: 302, error: "Answered 302 (a redirect): redirects are not followed." });
    expect(redirecting.hits).toHaveLength(1);
    expect(target.hits).toHaveLength(0);
  });

  it("HTTP is refused in production: at save, and at send even for a public address, even with ALLEGRO_NOTIFY_ALLOW_PRIVATE", async () => {
    const production = { production: true, allowPrivate: false, resolve: fixed(PUBLIC) };
    expect(await checkDestinationUrl("http://hooks.example/x", production)).toBe(
      "The URL must use HTTPS in production.",
    );
    expect((await post(`http://hooks.example:${target.port}/x`, production)).error).toBe(
      "The URL must use HTTPS in production.",
    );
    const allowing = { ...production, allowPrivate: true };
    expect(await checkDestinationUrl("http://hooks.example/x", allowing)).toMatch(/must use HTTPS in production/);
    expect((await post(`http://hooks.example:${target.port}/x`, allowing)).error).toMatch(
      /must use HTTPS in production/,
    );
    expect(target.hits).toHaveLength(0);
    // HTTPS to a public address passes the policy (the connection itself then fails offline).
    expect(await checkDestinationUrl("https://hooks.example/x", production)).toBeNull();
  });

  it("ALLEGRO_NOTIFY_ALLOW_PRIVATE allows private targets over plain HTTP, in production too", async () => {
    const result = await post(target.url, { production: true, allowPrivate: true });
    expect(result).toMatchObject({ statusCode: 200, error: null });
    expect(target.hits).toHaveLength(1);
    target.hits.length = 0;
  });

  it("refuses other schemes and credentials in the URL", async () => {
    expect(await checkDestinationUrl("ftp://example.com/x", dev)).toBe("The URL must start with https://.");
    expect(await checkDestinationUrl("file:///etc/passwd", dev)).toBe("The URL must start with https://.");
    expect(await checkDestinationUrl("https://u:p@example.com/", dev)).toMatch(/user name or password/);
    expect(await checkDestinationUrl("not a url", dev)).toMatch(/not a valid absolute URL/);
  });

  it("keeps at most 1 KB of an answer, and gives up on a receiver that does not answer in time", async () => {
    const chatty = await startReceiver(() => ({ status: 400, body: "x".repeat(50_000) }));
    const long = await post(chatty.url, { production: false, allowPrivate: true });
    await chatty.close();
    expect(long.statusCode).toBe(400);
    expect(long.body).toHaveLength(1024);

    const silent = await import("node:http").then(({ default: http }) => http.createServer(() => {}));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    const slow = await post(`http://127.0.0.1:${port}/`, { production: false, allowPrivate: true, timeoutMs: 200 });
    silent.closeAllConnections();
    silent.close();
    expect(slow).toEqual({ statusCode: null, body: "", error: "No answer within 0.2 s." });
  });
});
