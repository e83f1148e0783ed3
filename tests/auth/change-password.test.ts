import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as passwordRoute from "@/app/api/account/password/route";
import * as templatesRoute from "@/app/api/templates/route";
import { authenticate } from "@/lib/auth/login";
import { createSession, SESSION_COOKIE, sessionCookieName, sessionCookieOptions } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { parseEnv } from "@/lib/env";
import { createActor, TEST_PASSWORD, testClientAddress } from "../helpers/factories";
import { appOrigin } from "../helpers/session";
import { startRouteServer } from "../../tools/route-server";

let server: Awaited<ReturnType<typeof startRouteServer>>;
beforeAll(async () => {
  server = await startRouteServer({ "/api/account/password": passwordRoute, "/api/templates": templatesRoute });
});
afterAll(() => server.close());

const NEW = "a brand new passphrase";
const cookieOf = async (actor: { userId: bigint; tenantId: bigint }) =>
  `${SESSION_COOKIE}=${encodeURIComponent(await createSession(actor.userId, actor.tenantId))}`;
const signedIn = async (cookie: string) => (await fetch(`${server.url}/api/templates`, { headers: { cookie } })).status;
const hashOf = async (userId: bigint) => (await getDb().user.findUniqueOrThrow({ where: { id: userId } })).passwordHash;

async function change(cookie: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/api/account/password`, {
    method: "POST",
    headers: { cookie, origin: appOrigin(), "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe("POST /api/account/password", () => {
  it("changes the password and ends the user's other sessions; this one stays signed in", async () => {
    const actor = await createActor("member");
    const other = await createActor();
    const [here, laptop, phone, bystander] = [
      await cookieOf(actor),
      await cookieOf(actor),
      await cookieOf(actor),
      await cookieOf(other),
    ];
    const answer = await change(here, { current_password: TEST_PASSWORD, new_password: NEW });
    expect(answer).toEqual({ status: 200, body: { changed: true, revoked_sessions: 2 } });
    expect(await signedIn(here)).toBe(200);
    expect(await signedIn(laptop)).toBe(401);
    expect(await signedIn(phone)).toBe(401);
    expect(await signedIn(bystander)).toBe(200);
    await expect(authenticate(actor.userEmail, NEW, { clientAddress: testClientAddress() })).resolves.toMatchObject({
      userId: actor.userId,
    });
    await expect(
      authenticate(actor.userEmail, TEST_PASSWORD, { clientAddress: testClientAddress() }),
    ).rejects.toThrow();
  });

  it("refuses bad input with 422 naming the field, and changes nothing", async () => {
    const actor = await createActor();
    const [here, laptop] = [await cookieOf(actor), await cookieOf(actor)];
    const before = await hashOf(actor.userId);
    const cases: [unknown, string, RegExp][] = [
      [{ current_password: "not my password", new_password: NEW }, "current_password", /not correct/],
      [{ current_password: TEST_PASSWORD, new_password: "short" }, "new_password", /at least 12 characters/],
      [{ current_password: TEST_PASSWORD, new_password: "x".repeat(1025) }, "new_password", /at most 1024/],
      [{ current_password: TEST_PASSWORD, new_password: TEST_PASSWORD }, "new_password", /differ/],
      [{ new_password: NEW }, "current_password", /current password/],
      [{ current_password: TEST_PASSWORD }, "new_password", /new password/],
      [{ current_password: TEST_PASSWORD, new_password: 123456789012 }, "new_password", /new password/],
      [{ current_password: TEST_PASSWORD, new_password: NEW, role: "admin" }, "new_password", /Unknown field/],
    ];
    for (const [body, field, message] of cases) {
      const answer = await change(here, body);
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.body.error).toMatchObject({ code: "validation", field, message: expect.stringMatching(message) });
    }
    expect((await change(here, "{not json")).status).toBe(400);
    expect(await hashOf(actor.userId)).toBe(before);
    expect(await signedIn(laptop)).toBe(200);
  });

  it("refuses other sites, other media types and visitors without a session, changing nothing", async () => {
    const actor = await createActor();
    const [here, laptop] = [await cookieOf(actor), await cookieOf(actor)];
    const before = await hashOf(actor.userId);
    const body = { current_password: TEST_PASSWORD, new_password: NEW };
    expect((await change(here, body, { origin: "https://evil.example" })).status).toBe(403);
    expect((await change(here, body, { "content-type": "text/plain" })).status).toBe(415);
    expect((await change("", body)).status).toBe(401);
    expect(await hashOf(actor.userId)).toBe(before);
    expect(await signedIn(laptop)).toBe(200);
  });
});

describe("the session cookie", () => {
  it("uses the __Host- prefix with secure cookies (an https APP_URL, production): Secure, Path=/, no Domain", () => {
    const production = parseEnv(
      {
        DATABASE_URL: "postgresql://allegro@db.internal/allegro",
        SESSION_SECRET: "s".repeat(32),
        APP_URL: "https://allegro.example",
        INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef",
        INNGEST_EVENT_KEY: "event-key-0123456789",
      },
      "production",
    );
    expect(production.secureCookies).toBe(true);
    expect(sessionCookieName(production.secureCookies)).toBe("__Host-allegro_session");
    const options = sessionCookieOptions(production.secureCookies);
    expect(options).toMatchObject({ secure: true, path: "/" });
    expect(options).not.toHaveProperty("domain");
    // Plain-http development cannot set a __Host- cookie (it must be Secure): the bare name there.
    expect(sessionCookieName(false)).toBe("allegro_session");
  });
});
