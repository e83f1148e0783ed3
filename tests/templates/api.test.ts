import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as collection from "@/app/api/templates/route";
import * as item from "@/app/api/templates/[id]/route";
import { getDb } from "@/lib/db/client";
import { createActor, createTemplateRow } from "../helpers/factories";
import { startRouteServer } from "../../tools/route-server";
import { appOrigin, sessionCookie } from "../helpers/session";

let server: Awaited<ReturnType<typeof startRouteServer>>;
beforeAll(async () => {
  server = await startRouteServer({ "/api/templates": collection, "/api/templates/:id": item });
});
afterAll(() => server.close());

async function call(method: string, path: string, cookie?: string, body?: string) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), origin: appOrigin(), "content-type": "application/json" },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const snapshot = (id: bigint) => getDb().template.findUniqueOrThrow({ where: { id } });

describe("templates API", () => {
  it("refuses anonymous callers", async () => {
    expect((await call("GET", "/api/templates")).status).toBe(401);
    expect((await call("POST", "/api/templates", undefined, '{"name":"x"}')).status).toBe(401);
  });

  it("creates, lists, edits and soft-deletes a template", async () => {
    const actor = await createActor("member");
    const cookie = await sessionCookie(actor);

    const created = await call(
      "POST",
      "/api/templates",
      cookie,
      JSON.stringify({ name: "Welcome", description: "Hi", body: [1, 2] }),
    );
    expect(created.status).toBe(201);
    expect(created.body.template).toMatchObject({ name: "Welcome", description: "Hi", syncSource: null });
    const id = created.body.template.id as string;

    const listed = await call("GET", "/api/templates", cookie);
    expect(listed.body.templates.map((t: { id: string }) => t.id)).toEqual([id]);

    const edited = await call("PUT", `/api/templates/${id}`, cookie, JSON.stringify({ name: "Welcome v2", body: [3] }));
    expect(edited.status).toBe(200);
    expect(edited.body.template).toMatchObject({
      name: "Welcome v2",
      description: null,
      content: { name: "Welcome v2", body: [3] },
    });

    expect((await call("DELETE", `/api/templates/${id}`, cookie)).status).toBe(204);
    expect((await call("GET", "/api/templates", cookie)).body.templates).toEqual([]);
    expect((await call("GET", `/api/templates/${id}`, cookie)).status).toBe(404);
    const row = await snapshot(BigInt(id));
    expect(row.deletedAt).not.toBeNull();
  });

  it.each([
    ['{"name": "x",}', 422, /Invalid JSON: unexpected "}", expected a property name/, 1, 14],
    ['{\n  "name": "a",\n  "name": "b"\n}', 422, /duplicate key "name"/, 3, 3],
    ["[1, 2]", 422, /must be a JSON object/, undefined, undefined],
    ['{"description": "no name"}', 422, /"name" must be a string/, undefined, undefined],
    ['{"name": "   "}', 422, /"name" must not be empty/, undefined, undefined],
    [JSON.stringify({ name: "x".repeat(201) }), 422, /at most 200 characters/, undefined, undefined],
    ['{"name": "ok", "description": 5}', 422, /"description" must be a string/, undefined, undefined],
    ['{"name": "a\\u0000"}', 422, /NUL character\) cannot be stored/, 1, 12],
    ['{"name": "\\uD800"}', 422, /unpaired UTF-16 surrogate/, 1, 11],
  ])("rejects %j with a clear error and writes nothing", async (body, status, message, line, column) => {
    const actor = await createActor();
    const cookie = await sessionCookie(actor);
    const result = await call("POST", "/api/templates", cookie, body);
    expect(result.status).toBe(status);
    expect(result.body.error.message).toMatch(message);
    expect(result.body.error.line).toBe(line);
    expect(result.body.error.column).toBe(column);
    expect(await getDb().template.count({ where: { tenantId: actor.tenantId } })).toBe(0);
  });

  it("refuses to edit or delete a template managed by GitHub sync (409) and leaves it unchanged", async () => {
    const actor = await createActor();
    const cookie = await sessionCookie(actor);
    const synced = await createTemplateRow(actor.tenantId, {
      syncSource: "templates/welcome.json",
      syncSha: "a".repeat(40),
    });
    const before = await snapshot(synced.id);

    const edit = await call("PUT", `/api/templates/${synced.id}`, cookie, JSON.stringify({ name: "Hijacked" }));
    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toMatch(/managed by GitHub sync \(templates\/welcome\.json\)/);
    const remove = await call("DELETE", `/api/templates/${synced.id}`, cookie);
    expect(remove.status).toBe(409);
    expect(await snapshot(synced.id)).toEqual(before);
  });

  it("keeps organizations apart: another organization's template is not found, by id, and stays unchanged", async () => {
    const owner = await createActor();
    const other = await createActor();
    const theirs = await createTemplateRow(owner.tenantId, { name: "Secret plan" });
    const before = await snapshot(theirs.id);
    const cookie = await sessionCookie(other);

    expect((await call("GET", `/api/templates/${theirs.id}`, cookie)).status).toBe(404);
    expect(
      (await call("PUT", `/api/templates/${theirs.id}`, cookie, JSON.stringify({ name: "Mine now" }))).status,
    ).toBe(404);
    expect((await call("DELETE", `/api/templates/${theirs.id}`, cookie)).status).toBe(404);
    expect((await call("GET", "/api/templates", cookie)).body.templates).toEqual([]);
    expect(await snapshot(theirs.id)).toEqual(before);
  });

  it("treats malformed ids as not found", async () => {
    const cookie = await sessionCookie(await createActor());
    expect((await call("GET", "/api/templates/abc", cookie)).status).toBe(404);
    expect((await call("GET", "/api/templates/99999999999999999999999", cookie)).status).toBe(404);
  });
});
