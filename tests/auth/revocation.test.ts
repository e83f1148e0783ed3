import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as templatesRoute from "@/app/api/templates/route";
import * as logoutRoute from "@/app/logout/route";
import { getDb } from "@/lib/db/client";
import { createActor } from "../helpers/factories";
import { startRouteServer } from "../../tools/route-server";
import { appOrigin, sessionCookie } from "../helpers/session";

let server: Awaited<ReturnType<typeof startRouteServer>>;
beforeAll(async () => {
  server = await startRouteServer({ "/api/templates": templatesRoute, "/logout": logoutRoute });
});
afterAll(() => server.close());

const listTemplates = async (cookie: string) =>
  (await fetch(`${server.url}/api/templates`, { headers: { cookie } })).status;

describe("ending sessions over HTTP", () => {
  it("a cookie copied before sign-out no longer works after it (401)", async () => {
    const cookie = await sessionCookie(await createActor());
    const copied = cookie;
    expect(await listTemplates(copied)).toBe(200);
    const logout = await fetch(`${server.url}/logout`, {
      method: "POST",
      headers: { cookie, origin: appOrigin() },
      redirect: "manual",
    });
    expect(logout.status).toBe(303);
    expect(await listTemplates(copied)).toBe(401);
  });

  it("signing out one session leaves the user's other sessions alone", async () => {
    const actor = await createActor();
    const [laptop, phone] = [await sessionCookie(actor), await sessionCookie(actor)];
    await fetch(`${server.url}/logout`, {
      method: "POST",
      headers: { cookie: laptop, origin: appOrigin() },
      redirect: "manual",
    });
    expect(await listTemplates(laptop)).toBe(401);
    expect(await listTemplates(phone)).toBe(200);
  });

  it("a session whose organization membership was removed resolves to nobody (401)", async () => {
    const actor = await createActor("member");
    const cookie = await sessionCookie(actor);
    expect(await listTemplates(cookie)).toBe(200);
    await getDb().membership.deleteMany({ where: { userId: actor.userId, tenantId: actor.tenantId } });
    expect(await listTemplates(cookie)).toBe(401);
  });
});
