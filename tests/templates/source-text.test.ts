import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as collection from "@/app/api/templates/route";
import * as item from "@/app/api/templates/[id]/route";
import { getDb } from "@/lib/db/client";
import { createActor } from "../helpers/factories";
import { startRouteServer } from "../../tools/route-server";
import { appOrigin, sessionCookie } from "../helpers/session";

let server: Awaited<ReturnType<typeof startRouteServer>>;
beforeAll(async () => {
  server = await startRouteServer({ "/api/templates": collection, "/api/templates/:id": item });
});
afterAll(() => server.close());

async function call(method: string, path: string, cookie: string, body?: string) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie, origin: appOrigin(), "content-type": "application/json" },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

// Long keys first: jsonb stores shorter keys first, so this order cannot survive a round trip through it.
const WRITTEN = `{
  "zebra_stripes_everywhere": true,
    "name":"Ordered",
  "description": "Keys as written",
  "b": { "yy": 1, "x": [3, 2, 1] },
  "a": null
}`;
const ORDER = ["zebra_stripes_everywhere", "name", "description", "b", "a"];

describe("templates keep the document as written", () => {
  it("returns the text and the keys in the order they were saved (create, read, update; the list names it without the document)", async () => {
    const actor = await createActor("member");
    const cookie = await sessionCookie(actor);
    const created = await call("POST", "/api/templates", cookie, WRITTEN);
    expect(created.status).toBe(201);
    expect(created.body.template.sourceText).toBe(WRITTEN);
    expect(Object.keys(created.body.template.content)).toEqual(ORDER);
    const id = created.body.template.id as string;

    // The jsonb column alone has lost the order: the kept text is what brings it back.
    const row = await getDb().template.findUniqueOrThrow({ where: { id: BigInt(id) } });
    expect(Object.keys(row.content as object)).not.toEqual(ORDER);
    expect(row.sourceText).toBe(WRITTEN);

    const read = await call("GET", `/api/templates/${id}`, cookie);
    expect(read.body.template.sourceText).toBe(WRITTEN);
    expect(Object.keys(read.body.template.content)).toEqual(ORDER);
    expect(Object.keys(read.body.template.content.b)).toEqual(["yy", "x"]);
    const listed = await call("GET", "/api/templates", cookie);
    // The list carries the list columns only (issue 20): the document as written is read by id.
    expect(listed.body.templates.map((t: { name: string; sourceText?: string }) => [t.name, t.sourceText])).toEqual([
      ["Ordered", undefined],
    ]);

    const edited = `{"description":"Now first","name":"Ordered v2","zz_last":1}`;
    const updated = await call("PUT", `/api/templates/${id}`, cookie, edited);
    expect(updated.status).toBe(200);
    expect(updated.body.template.sourceText).toBe(edited);
    expect(Object.keys(updated.body.template.content)).toEqual(["description", "name", "zz_last"]);
  });

  it("stores the text without a byte order mark, and never shows it to another organization", async () => {
    const owner = await createActor();
    const other = await createActor();
    const created = await call("POST", "/api/templates", await sessionCookie(owner), `\uFEFF{ "name": "With BOM" }`);
    expect(created.body.template.sourceText).toBe(`{ "name": "With BOM" }`);

    const otherCookie = await sessionCookie(other);
    expect((await call("GET", `/api/templates/${created.body.template.id}`, otherCookie)).status).toBe(404);
    expect((await call("GET", "/api/templates", otherCookie)).body.templates).toEqual([]);
  });

  it("falls back to the stored content for templates saved before the text was kept", async () => {
    const actor = await createActor();
    const row = await getDb().template.create({
      data: { tenantId: actor.tenantId, name: "Legacy", content: { name: "Legacy", body: 1 } },
    });
    const read = await call("GET", `/api/templates/${row.id}`, await sessionCookie(actor));
    expect(read.body.template).toMatchObject({ sourceText: null, content: { name: "Legacy", body: 1 } });
  });
});
