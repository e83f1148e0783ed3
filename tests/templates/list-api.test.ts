import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as collection from "@/app/api/templates/route";
import { getDb } from "@/lib/db/client";
import { createActor, createTemplateRow } from "../helpers/factories";
import { startRouteServer } from "../../tools/route-server";
import { appOrigin, sessionCookie } from "../helpers/session";

let server: Awaited<ReturnType<typeof startRouteServer>>;
beforeAll(async () => {
  server = await startRouteServer({ "/api/templates": collection });
});
afterAll(() => server.close());

type Item = { id: string; name: string; description: string | null; syncSource: string | null; updatedAt: string };

async function call(method: string, path: string, cookie: string, body?: string) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie, origin: appOrigin(), "content-type": "application/json" },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Templates named name-000 … name-(n-1) for the actor's organization, in one statement. */
async function fillTemplates(tenantId: bigint, n: number, prefix = "name") {
  await getDb().$executeRaw`
    INSERT INTO templates (tenant_id, name, content, updated_at)
    SELECT ${tenantId}, ${prefix} || '-' || lpad(g::text, 5, '0'), '{}'::jsonb, now()
    FROM generate_series(0, ${n - 1}::int) g`;
}

describe("GET /api/templates pages with a keyset", () => {
  it("answers the list columns only, in name order, 50 by default, with a cursor that walks every row once", async () => {
    const actor = await createActor("member");
    const cookie = await sessionCookie(actor);
    await fillTemplates(actor.tenantId, 120);
    // Two rows with the same name: the id breaks the tie, so neither is skipped nor repeated across pages.
    await createTemplateRow(actor.tenantId, { name: "name-00049" });

    const first = await call("GET", "/api/templates", cookie);
    expect(first.status).toBe(200);
    expect(first.body.templates).toHaveLength(50);
    expect(Object.keys(first.body.templates[0]).sort()).toEqual([
      "description",
      "id",
      "name",
      "syncSource",
      "updatedAt",
    ]);
    expect(first.body.next_cursor).toEqual(expect.any(String));

    const seen: Item[] = [...first.body.templates];
    let cursor: string | null = first.body.next_cursor;
    while (cursor) {
      const page = await call("GET", `/api/templates?limit=50&cursor=${encodeURIComponent(cursor)}`, cookie);
      expect(page.status).toBe(200);
      seen.push(...page.body.templates);
      cursor = page.body.next_cursor;
    }
    expect(seen).toHaveLength(121);
    expect(new Set(seen.map((t) => t.id)).size).toBe(121);
    const names = seen.map((t) => t.name);
    expect(names).toEqual([...names].sort());
  });

  it("answers at most `limit` (up to 100) and a null cursor on the last page", async () => {
    const actor = await createActor();
    const cookie = await sessionCookie(actor);
    await fillTemplates(actor.tenantId, 101);
    const hundred = await call("GET", "/api/templates?limit=100", cookie);
    expect(hundred.body.templates).toHaveLength(100);
    const rest = await call("GET", `/api/templates?limit=100&cursor=${hundred.body.next_cursor}`, cookie);
    expect(rest.body).toEqual({ templates: [expect.objectContaining({ name: "name-00100" })], next_cursor: null });
  });

  it("searches by name on the server, case-insensitively, with % and _ taken literally", async () => {
    const actor = await createActor();
    const cookie = await sessionCookie(actor);
    await fillTemplates(actor.tenantId, 30, "Invoice");
    await createTemplateRow(actor.tenantId, { name: "100% off_sale" });
    await createTemplateRow(actor.tenantId, { name: "100 offXsale" });

    const found = await call("GET", "/api/templates?q=invoice-0001&limit=5", cookie);
    expect(found.body.templates.map((t: Item) => t.name)).toEqual([
      "Invoice-00010",
      "Invoice-00011",
      "Invoice-00012",
      "Invoice-00013",
      "Invoice-00014",
    ]);
    const next = await call("GET", `/api/templates?q=invoice-0001&limit=5&cursor=${found.body.next_cursor}`, cookie);
    expect(next.body.templates.map((t: Item) => t.name)).toEqual([
      "Invoice-00015",
      "Invoice-00016",
      "Invoice-00017",
      "Invoice-00018",
      "Invoice-00019",
    ]);
    expect(next.body.next_cursor).toBeNull();
    const literal = await call("GET", `/api/templates?q=${encodeURIComponent("% off_")}`, cookie);
    expect(literal.body.templates.map((t: Item) => t.name)).toEqual(["100% off_sale"]);
  });

  it("never lists another organization's templates, even with a cursor made from them", async () => {
    const owner = await createActor();
    const other = await createActor();
    await fillTemplates(owner.tenantId, 3, "Secret");
    const cookie = await sessionCookie(other);
    expect((await call("GET", "/api/templates?q=Secret", cookie)).body).toEqual({ templates: [], next_cursor: null });
    const stolen = Buffer.from(JSON.stringify({ n: "", i: "0" })).toString("base64url");
    expect((await call("GET", `/api/templates?cursor=${stolen}`, cookie)).body.templates).toEqual([]);
  });

  it.each([
    ["limit=0", "limit", /limit must be a whole number from 1 to 100/],
    ["limit=101", "limit", /limit must be a whole number from 1 to 100/],
    ["limit=2.5", "limit", /limit must be a whole number from 1 to 100/],
    ["limit=ten", "limit", /limit must be a whole number from 1 to 100/],
    ["cursor=not-a-cursor", "cursor", /cursor is not one this list gave out/],
    [
      `cursor=${Buffer.from('{"n":"a","i":"x"}').toString("base64url")}`,
      "cursor",
      /cursor is not one this list gave out/,
    ],
    [`q=${"a".repeat(201)}`, "q", /q must be at most 200 characters/],
  ])("answers %s with a clear 422 naming the parameter", async (query, field, message) => {
    const cookie = await sessionCookie(await createActor());
    const result = await call("GET", `/api/templates?${query}`, cookie);
    expect(result.status).toBe(422);
    expect(result.body.error).toMatchObject({ code: "validation", field });
    expect(result.body.error.message).toMatch(message);
  });
});

describe("POST /api/templates caps the templates made by hand", () => {
  it("answers 422 with a clear message at the cap (default 10,000) and creates nothing; synced ones do not count", async () => {
    const actor = await createActor();
    const cookie = await sessionCookie(actor);
    await fillTemplates(actor.tenantId, 9_999);
    await createTemplateRow(actor.tenantId, { syncSource: "synced.json", syncSha: "a".repeat(40) });

    const last = await call("POST", "/api/templates", cookie, JSON.stringify({ name: "The 10,000th" }));
    expect(last.status).toBe(201);
    const before = await getDb().template.count({ where: { tenantId: actor.tenantId } });
    const refused = await call("POST", "/api/templates", cookie, JSON.stringify({ name: "One too many" }));
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "validation", limit: 10_000 });
    expect(refused.body.error.message).toMatch(
      /already has 10,000 templates made in Allegro, the most allowed \(10,000\)/,
    );
    expect(await getDb().template.count({ where: { tenantId: actor.tenantId } })).toBe(before);

    // Deleting one makes room again.
    await getDb().template.updateMany({
      where: { tenantId: actor.tenantId, name: "name-00000" },
      data: { deletedAt: new Date() },
    });
    expect((await call("POST", "/api/templates", cookie, JSON.stringify({ name: "Room again" }))).status).toBe(201);
  });

  it("lets parallel creates at the cap through one at a time: never more than the cap", async () => {
    const actor = await createActor();
    const cookie = await sessionCookie(actor);
    await fillTemplates(actor.tenantId, 9_997);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => call("POST", "/api/templates", cookie, JSON.stringify({ name: `p${i}` }))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 422, 422, 422]);
    expect(await getDb().template.count({ where: { tenantId: actor.tenantId, deletedAt: null } })).toBe(10_000);
  });
});
