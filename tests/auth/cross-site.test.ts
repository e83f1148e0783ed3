import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as templates from "@/app/api/templates/route";
import * as template from "@/app/api/templates/[id]/route";
import * as settings from "@/app/api/github-sync/route";
import * as connect from "@/app/api/github-sync/connect/route";
import * as repository from "@/app/api/github-sync/repository/route";
import * as sync from "@/app/api/github-sync/sync/route";
import * as logout from "@/app/logout/route";
import { getDb } from "@/lib/db/client";
import { createActor, createTemplateRow, unique } from "../helpers/factories";
import { startRouteServer } from "../../tools/route-server";
import { appOrigin, sessionCookie } from "../helpers/session";

let server: Awaited<ReturnType<typeof startRouteServer>>;
beforeAll(async () => {
  server = await startRouteServer({
    "/api/templates": templates,
    "/api/templates/:id": template,
    "/api/github-sync": settings,
    "/api/github-sync/connect": connect,
    "/api/github-sync/repository": repository,
    "/api/github-sync/sync": sync,
    "/logout": logout,
  });
});
afterAll(() => server.close());

const EVIL = "https://evil.example";

async function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  const response = await fetch(`${server.url}${path}`, { method, headers, body, redirect: "manual" });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text.startsWith("{") ? JSON.parse(text) : null };
}

const templateCount = (tenantId: bigint) => getDb().template.count({ where: { tenantId } });

describe("state-changing routes refuse cross-site requests", () => {
  it("refuses a cross-site text/plain form posting a template (403) and creates nothing", async () => {
    const actor = await createActor();
    const cookie = await sessionCookie(actor);
    // What <form enctype="text/plain"> on evil.example sends: a JSON-looking body, no preflight.
    const result = await send(
      "POST",
      "/api/templates",
      { cookie, origin: EVIL, "content-type": "text/plain", "sec-fetch-site": "cross-site" },
      '{"name":"Planted","x":"="}',
    );
    expect(result.status).toBe(403);
    expect(result.body.error.code).toBe("cross_site");
    expect(await templateCount(actor.tenantId)).toBe(0);
  });

  it("refuses a request without Origin or Sec-Fetch-Site (403)", async () => {
    const actor = await createActor();
    const cookie = await sessionCookie(actor);
    const result = await send(
      "POST",
      "/api/templates",
      { cookie, "content-type": "application/json" },
      JSON.stringify({ name: unique("T") }),
    );
    expect(result.status).toBe(403);
    expect(result.body.error.code).toBe("cross_site");
    expect(await templateCount(actor.tenantId)).toBe(0);
  });

  it("refuses Origin: null and a look-alike origin", async () => {
    const actor = await createActor();
    const cookie = await sessionCookie(actor);
    for (const origin of ["null", `${appOrigin()}.evil.example`, appOrigin().replace("http:", "https:")]) {
      const result = await send("POST", "/api/templates", { cookie, origin, "content-type": "application/json" }, "{}");
      expect(result.status, origin).toBe(403);
    }
    expect(await templateCount(actor.tenantId)).toBe(0);
  });

  it("refuses a same-origin body that is not application/json (415)", async () => {
    const actor = await createActor();
    const cookie = await sessionCookie(actor);
    const body = JSON.stringify({ name: unique("T") });
    const plain = await send(
      "POST",
      "/api/templates",
      { cookie, origin: appOrigin(), "content-type": "text/plain" },
      body,
    );
    expect(plain.status).toBe(415);
    expect(plain.body.error.code).toBe("unsupported_media_type");
    const none = await send("POST", "/api/templates", { cookie, origin: appOrigin() }, body);
    expect(none.status).toBe(415);
    expect(await templateCount(actor.tenantId)).toBe(0);
  });

  it("accepts same-origin requests, by Origin or by Sec-Fetch-Site", async () => {
    const actor = await createActor();
    const cookie = await sessionCookie(actor);
    const json = "application/json; charset=utf-8";
    const byOrigin = await send(
      "POST",
      "/api/templates",
      { cookie, origin: appOrigin(), "content-type": json },
      JSON.stringify({ name: unique("T") }),
    );
    expect(byOrigin.status).toBe(201);
    const byFetchSite = await send(
      "POST",
      "/api/templates",
      { cookie, "sec-fetch-site": "same-origin", "content-type": json },
      JSON.stringify({ name: unique("T") }),
    );
    expect(byFetchSite.status).toBe(201);
    expect(await templateCount(actor.tenantId)).toBe(2);
  });

  it("refuses every mutating API route from another site before doing anything", async () => {
    const actor = await createActor();
    const cookie = await sessionCookie(actor);
    const row = await createTemplateRow(actor.tenantId);
    const before = await getDb().template.findUniqueOrThrow({ where: { id: row.id } });
    const headers = { cookie, origin: EVIL, "content-type": "application/json" };
    for (const [method, path, body] of [
      ["PUT", `/api/templates/${row.id}`, JSON.stringify({ name: "Hijacked" })],
      ["DELETE", `/api/templates/${row.id}`, undefined],
      ["DELETE", "/api/github-sync", undefined],
      ["POST", "/api/github-sync/connect", undefined],
      ["PUT", "/api/github-sync/repository", JSON.stringify({ repository: "evil/repo" })],
      ["POST", "/api/github-sync/sync", undefined],
    ] as const) {
      const result = await send(method, path, headers, body);
      expect(result.status, `${method} ${path}`).toBe(403);
      expect(result.body.error.code, `${method} ${path}`).toBe("cross_site");
    }
    expect(await getDb().template.findUniqueOrThrow({ where: { id: row.id } })).toEqual(before);
  });

  it("refuses a cross-site sign-out (403) and the session keeps working", async () => {
    const actor = await createActor();
    const cookie = await sessionCookie(actor);
    const result = await send("POST", "/logout", { cookie, origin: EVIL, "sec-fetch-site": "cross-site" });
    expect(result.status).toBe(403);
    expect(result.body.error.code).toBe("cross_site");
    expect(result.headers.getSetCookie()).toEqual([]);
    expect((await send("GET", "/api/templates", { cookie })).status).toBe(200);
  });

  it("signs out a same-origin request", async () => {
    const cookie = await sessionCookie(await createActor());
    const result = await send("POST", "/logout", { cookie, origin: appOrigin() });
    expect(result.status).toBe(303);
    expect(result.headers.getSetCookie().join()).toMatch(/^allegro_session=; Path=\/; Max-Age=0/);
  });
});
