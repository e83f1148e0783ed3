import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createActor, createTemplateRow } from "../helpers/factories";
import { startHistoryRoutes } from "../helpers/history-routes";
import { sessionCookie } from "../helpers/session";

let api: Awaited<ReturnType<typeof startHistoryRoutes>>;
beforeAll(async () => {
  api = await startHistoryRoutes();
});
afterAll(() => api.close());

const doc = (value: object) => JSON.stringify(value, null, 2);

async function templateWithSaves(texts: string[]) {
  const actor = await createActor("member");
  const cookie = await sessionCookie(actor);
  const created = await api.call("POST", "/api/templates", cookie, texts[0]);
  expect(created.status).toBe(201);
  const id = created.body.template.id as string;
  for (const text of texts.slice(1))
    expect((await api.call("PUT", `/api/templates/${id}`, cookie, text)).status).toBe(200);
  return { actor, cookie, id };
}

const versionsOf = (templateId: string) =>
  getDb().templateVersion.findMany({ where: { templateId: BigInt(templateId) }, orderBy: { id: "asc" } });
const snapshot = async (templateId: string) => ({
  template: await getDb().template.findUniqueOrThrow({ where: { id: BigInt(templateId) } }),
  versions: await versionsOf(templateId),
});

describe("versions from saves in Allegro", () => {
  it("records each save with its user and its text exactly as written, newest first", async () => {
    const first = '{"name": "Welcome",   "subject": "Hi"}';
    const second = doc({ name: "Welcome!", subject: "Hi", body: ["a"] });
    const { actor, cookie, id } = await templateWithSaves([first, second]);

    const listed = await api.call("GET", `/api/templates/${id}/versions`, cookie);
    expect(listed.status).toBe(200);
    expect(listed.body.next_cursor).toBeNull();
    expect(listed.body.versions).toEqual([
      expect.objectContaining({
        source: "allegro",
        event: "changed",
        author: actor.userName,
        summary: "name changed; 1 field added",
      }),
      expect.objectContaining({ source: "allegro", event: "created", author: actor.userName, summary: "created" }),
    ]);
    const [newest, oldest] = listed.body.versions;
    expect(Date.parse(newest.created_at)).not.toBeNaN();
    expect(newest).not.toHaveProperty("commit");

    const one = await api.call("GET", `/api/templates/${id}/versions/${oldest.id}`, cookie);
    expect(one.status).toBe(200);
    expect(one.body.version).toMatchObject({ id: oldest.id, source: "allegro", text: first });
  });

  it("writes the version in the same transaction: a refused save records nothing", async () => {
    const { cookie, id } = await templateWithSaves([doc({ name: "Kept" })]);
    const before = await snapshot(id);
    expect((await api.call("PUT", `/api/templates/${id}`, cookie, '{"name": ')).status).toBe(422);
    expect(await snapshot(id)).toEqual(before);
  });

  it("stores an unchanged text once: a revert to an old text costs a row, not a copy", async () => {
    const a = doc({ name: "Revert me", marker: "a-" + crypto.randomUUID() });
    const b = doc({ name: "Revert me", marker: "b-" + crypto.randomUUID() });
    const { id } = await templateWithSaves([a, b, a, a]);
    const versions = await versionsOf(id);
    expect(versions).toHaveLength(4);
    const keys = new Set(versions.map((v) => Buffer.from(v.textSha256).toString("hex")));
    expect(keys.size).toBe(2);
    expect(await getDb().templateText.count({ where: { text: { in: [a, b] } } })).toBe(2);
  });

  it("pages past 50 with next_cursor, and refuses a bad limit or cursor with a clear 400", async () => {
    const texts = Array.from({ length: 55 }, (_, i) => doc({ name: `Paged ${i}` }));
    const { cookie, id } = await templateWithSaves(texts);
    const page1 = await api.call("GET", `/api/templates/${id}/versions`, cookie);
    expect(page1.body.versions).toHaveLength(50);
    expect(page1.body.next_cursor).toBe(page1.body.versions[49].id);
    const page2 = await api.call("GET", `/api/templates/${id}/versions?cursor=${page1.body.next_cursor}`, cookie);
    expect(page2.body.versions).toHaveLength(5);
    expect(page2.body.next_cursor).toBeNull();
    const ids = [...page1.body.versions, ...page2.body.versions].map((v: { id: string }) => BigInt(v.id));
    expect(ids).toEqual([...ids].sort((x, y) => (x > y ? -1 : 1)));
    expect(new Set(ids).size).toBe(55);
    // The last of a page still says what it changed (the row before it was read too).
    expect(page1.body.versions[49].summary).toBe("name changed");
    expect(page2.body.versions[4].summary).toBe("created");

    const small = await api.call("GET", `/api/templates/${id}/versions?limit=2`, cookie);
    expect(small.body.versions).toHaveLength(2);
    for (const query of ["limit=0", "limit=101", "limit=x", "cursor=abc", "cursor=-1"]) {
      const bad = await api.call("GET", `/api/templates/${id}/versions?${query}`, cookie);
      expect(bad.status, query).toBe(400);
      expect(bad.body.error.message, query).toMatch(
        /limit must be a whole number from 1 to 100|cursor must be a version id/,
      );
    }
  });
});

describe("compare", () => {
  it("diffs nested objects and arrays field by field, a reordered key being no change", async () => {
    const before = doc({
      name: "Nested",
      settings: { theme: { color: "blue", size: 12 }, flags: ["a", "b", "c"] },
      blocks: [{ kind: "text", text: "Hello" }, { kind: "image" }],
      old: true,
    });
    const after = doc({
      settings: { flags: ["a", "x", "c", "d"], theme: { size: 12, color: "red", font: "serif" } },
      name: "Nested",
      blocks: [{ kind: "text", text: "Hello there" }, { kind: "image" }],
    });
    const { cookie, id } = await templateWithSaves([before, after]);
    const [b, a] = (await api.call("GET", `/api/templates/${id}/versions`, cookie)).body.versions;
    const result = await api.call("GET", `/api/templates/${id}/versions/${a.id}/compare/${b.id}`, cookie);
    expect(result.status).toBe(200);
    const byPath = Object.fromEntries(result.body.changes.map((c: { path: string }) => [c.path, c]));
    expect(byPath).toEqual({
      "/settings/theme/color": { path: "/settings/theme/color", kind: "changed", before: "blue", after: "red" },
      "/settings/theme/font": { path: "/settings/theme/font", kind: "added", after: "serif" },
      "/settings/flags/1": { path: "/settings/flags/1", kind: "changed", before: "b", after: "x" },
      "/settings/flags/3": { path: "/settings/flags/3", kind: "added", after: "d" },
      "/blocks/0/text": { path: "/blocks/0/text", kind: "changed", before: "Hello", after: "Hello there" },
      "/old": { path: "/old", kind: "removed", before: true },
    });

    // The other way round: added and removed swap sides.
    const reverse = await api.call("GET", `/api/templates/${id}/versions/${b.id}/compare/${a.id}`, cookie);
    expect(reverse.body.changes).toContainEqual({ path: "/old", kind: "added", after: true });
    expect(reverse.body.changes).toContainEqual({ path: "/settings/flags/3", kind: "removed", before: "d" });
  });

  it("shows a formatting-only change as no structural change, with a text diff on request, and compares with current", async () => {
    const { cookie, id } = await templateWithSaves(['{"name": "Fmt", "a": 1}', '{\n  "a": 1,\n  "name": "Fmt"\n}']);
    const [b, a] = (await api.call("GET", `/api/templates/${id}/versions`, cookie)).body.versions;
    expect(b.summary).toBe("formatting changed");
    const result = await api.call("GET", `/api/templates/${id}/versions/${a.id}/compare/${b.id}?text=1`, cookie);
    expect(result.body).toMatchObject({ changes: [], text_changed: true });
    expect(result.body.text_diff).toEqual([
      { kind: "removed", text: '{"name": "Fmt", "a": 1}' },
      { kind: "added", text: "{" },
      { kind: "added", text: '  "a": 1,' },
      { kind: "added", text: '  "name": "Fmt"' },
      { kind: "added", text: "}" },
    ]);
    const current = await api.call("GET", `/api/templates/${id}/versions/${b.id}/compare/current`, cookie);
    expect(current.body).toMatchObject({ changes: [], text_changed: false, after: { id: "current" } });
    const fromCurrent = await api.call("GET", `/api/templates/${id}/versions/current/compare/${a.id}`, cookie);
    expect(fromCurrent.body).toMatchObject({ changes: [], text_changed: true, before: { id: "current" } });
  });
});

describe("restore", () => {
  it("makes a new version with the old text (the history only grows) and answers 201 with it", async () => {
    const v1 = doc({ name: "Restore me", step: 1 });
    const { actor, cookie, id } = await templateWithSaves([v1, doc({ name: "Restore me", step: 2 })]);
    const [, first] = (await api.call("GET", `/api/templates/${id}/versions`, cookie)).body.versions;
    const restored = await api.call("POST", `/api/templates/${id}/versions/${first.id}/restore`, cookie, "{}");
    expect(restored.status).toBe(201);
    expect(restored.body.version).toMatchObject({
      source: "allegro",
      event: "restored",
      author: actor.userName,
      restored_from: first.id,
      summary: `restored version ${first.id}; 1 field changed`,
    });
    expect(BigInt(restored.body.version.id)).toBeGreaterThan(BigInt(first.id));
    const template = await api.call("GET", `/api/templates/${id}`, cookie);
    expect(template.body.template.sourceText).toBe(v1);
    expect(await versionsOf(id)).toHaveLength(3);
  });

  it.each([
    ['{"text": "x"}', 422, /no fields/],
    ["[]", 422, /must be the JSON object/],
    ["{", 422, /must be the JSON object/],
  ])("refuses the body %j with a clear error and changes nothing", async (body, status, message) => {
    const { cookie, id } = await templateWithSaves([doc({ name: "Body" }), doc({ name: "Body 2" })]);
    const versions = await versionsOf(id);
    const before = await snapshot(id);
    const result = await api.call("POST", `/api/templates/${id}/versions/${versions[0]!.id}/restore`, cookie, body);
    expect(result.status).toBe(status);
    expect(result.body.error.message).toMatch(message);
    expect(await snapshot(id)).toEqual(before);
  });

  it("refuses another site (403) and a non-JSON body (415), changing nothing", async () => {
    const { cookie, id } = await templateWithSaves([doc({ name: "Origin" }), doc({ name: "Origin 2" })]);
    const [version] = await versionsOf(id);
    const before = await snapshot(id);
    const path = `/api/templates/${id}/versions/${version!.id}/restore`;
    expect((await api.call("POST", path, cookie, "{}", { origin: "https://evil.example" })).status).toBe(403);
    expect((await api.call("POST", path, cookie, "{}", { "content-type": "text/plain" })).status).toBe(415);
    expect((await api.call("POST", path, undefined, "{}")).status).toBe(401);
    expect(await snapshot(id)).toEqual(before);
  });
});

describe("tenant scoping", () => {
  it("answers 404 for another organization's version id, on every route, and changes nothing", async () => {
    const owner = await templateWithSaves([doc({ name: "Theirs" }), doc({ name: "Theirs 2" })]);
    const [theirVersion] = await versionsOf(owner.id);
    const other = await templateWithSaves([doc({ name: "Mine" })]);
    const [myVersion] = await versionsOf(other.id);
    const before = await snapshot(owner.id);
    const mine = await snapshot(other.id);
    const paths = [
      // Their template, by id.
      `/api/templates/${owner.id}/versions`,
      `/api/templates/${owner.id}/versions/${theirVersion!.id}`,
      `/api/templates/${owner.id}/versions/${theirVersion!.id}/compare/current`,
      // My template, with their version id.
      `/api/templates/${other.id}/versions/${theirVersion!.id}`,
      `/api/templates/${other.id}/versions/${theirVersion!.id}/compare/${myVersion!.id}`,
      `/api/templates/${other.id}/versions/${myVersion!.id}/compare/${theirVersion!.id}`,
      `/api/templates/${other.id}/versions/not-a-number`,
    ];
    for (const path of paths) {
      const result = await api.call("GET", path, other.cookie);
      expect(result.status, path).toBe(404);
      expect(result.body.error.code, path).toBe("not_found");
    }
    for (const path of [
      `/api/templates/${owner.id}/versions/${theirVersion!.id}/restore`,
      `/api/templates/${other.id}/versions/${theirVersion!.id}/restore`,
    ]) {
      expect((await api.call("POST", path, other.cookie, "{}")).status, path).toBe(404);
    }
    expect(await snapshot(owner.id)).toEqual(before);
    expect(await snapshot(other.id)).toEqual(mine);
  });

  it("answers 404 for a version of another template of the same organization", async () => {
    const { actor, cookie, id } = await templateWithSaves([doc({ name: "One" })]);
    const sibling = await createTemplateRow(actor.tenantId, { name: "Two" });
    const [version] = await versionsOf(id);
    const result = await api.call("GET", `/api/templates/${sibling.id}/versions/${version!.id}`, cookie);
    expect(result.status).toBe(404);
    expect(
      (await api.call("POST", `/api/templates/${sibling.id}/versions/${version!.id}/restore`, cookie, "{}")).status,
    ).toBe(404);
    expect(await versionsOf(sibling.id.toString())).toEqual([]);
  });
});
