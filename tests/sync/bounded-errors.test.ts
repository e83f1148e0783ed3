import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as problemsRoute from "@/app/api/github-sync/problems/route";
import { getDb } from "@/lib/db/client";
import { loadSettingsPage } from "@/lib/github-sync/settings-page";
import { resolveActor } from "@/lib/auth/actor";
import { createActor, createUser } from "../helpers/factories";
import { appOrigin, sessionCookie } from "../helpers/session";
import { connectedTenant, latestRun, runSync, startSyncWorld, type SyncWorld } from "../helpers/sync-world";

let world: SyncWorld;
let t: Awaited<ReturnType<typeof connectedTenant>>;
let cookie: string;
const INVALID = 5_000;
const LIMIT = 200 * 1024;
const badPath = (i: number) => `bad/file-${String(i).padStart(5, "0")}.json`;

beforeAll(async () => {
  world = await startSyncWorld({ routes: { "/api/github-sync/problems": problemsRoute } });
  const bad = Object.fromEntries(Array.from({ length: INVALID }, (_, i) => [badPath(i), `{"name": ${i}`]));
  t = await connectedTenant(world, { "good.json": JSON.stringify({ name: "Good" }), ...bad });
  await runSync(world, t.request("connect"));
  cookie = await sessionCookie(t.actor);
}, 300_000);
afterAll(() => world.stop());

async function get(path: string, as = cookie) {
  const response = await fetch(`${world.routes.url}${path}`, { headers: { cookie: as, origin: appOrigin() } });
  const text = await response.text();
  return { status: response.status, bytes: Buffer.byteLength(text), body: JSON.parse(text) };
}

describe("a run with 5,000 invalid files", () => {
  it("stores the first 100 and the count on the run and on the connection", async () => {
    const run = await latestRun(t.actor.tenantId);
    expect(run).toMatchObject({ status: "succeeded_with_errors", created: 1, invalid: INVALID, errorCount: INVALID });
    expect(run.errors).toHaveLength(100);
    const connection = await getDb().githubAppInstallation.findUniqueOrThrow({
      where: { installationId: BigInt(t.installation!.id) },
    });
    expect(connection.lastSyncErrorCount).toBe(INVALID);
    expect(connection.lastSyncErrors).toHaveLength(100);
    expect(await getDb().syncFileProblem.count({ where: { tenantId: t.actor.tenantId } })).toBe(INVALID);
  });

  it("keeps the history response and the settings page's data under 200 KB, with the count", async () => {
    const history = await get("/api/github-sync/runs");
    expect(history.status).toBe(200);
    expect(history.body.runs[0]).toMatchObject({ errorCount: INVALID });
    expect(history.body.runs[0].errors).toHaveLength(100);
    expect(history.bytes).toBeLessThan(LIMIT);

    const page = await loadSettingsPage(t.actor);
    expect(page.settings.connection).toMatchObject({ lastSyncErrorCount: INVALID });
    expect(page.settings.connection!.lastSyncErrors).toHaveLength(100);
    expect(page.history!.runs[0]!.errorCount).toBe(INVALID);
    expect(Buffer.byteLength(JSON.stringify(page, (_k, v) => (typeof v === "bigint" ? String(v) : v)))).toBeLessThan(
      LIMIT,
    );
  });

  it("pages every invalid file from sync_file_problems, once each, in path order, linked to the synced commit", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await get(`/api/github-sync/problems${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.body.problems.length).toBeLessThanOrEqual(100);
      seen.push(...page.body.problems.map((p: { path: string }) => p.path));
      if (pages === 0)
        expect(page.body.problems[0]).toMatchObject({
          path: badPath(0),
          message: expect.stringMatching(/^Invalid JSON/),
          url: expect.stringContaining(`/blob/${(await latestRun(t.actor.tenantId)).commit}/bad/file-00000.json`),
        });
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(INVALID / 100);
    expect(seen).toEqual(Array.from({ length: INVALID }, (_, i) => badPath(i)));
  });

  it("refuses bad limits and cursors with 422 naming the parameter", async () => {
    for (const query of ["limit=0", "limit=101", "limit=abc", "limit=1.5"]) {
      const answer = await get(`/api/github-sync/problems?${query}`);
      expect(answer.status, query).toBe(422);
      expect(answer.body.error).toMatchObject({ code: "validation", field: "limit" });
    }
    const bad = await get(`/api/github-sync/problems?cursor=${encodeURIComponent("not a cursor!")}`);
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: "validation", field: "cursor" });
  });

  it("is for admins of the organization only: members get 403, other organizations see none of them", async () => {
    const user = await createUser({ tenantId: t.actor.tenantId, role: "member" });
    const member = (await resolveActor({ userId: user.id, tenantId: t.actor.tenantId }))!;
    const refused = await get("/api/github-sync/problems", await sessionCookie(member));
    expect(refused.status).toBe(403);
    expect(refused.body.problems).toBeUndefined();
    const other = await createActor("admin");
    expect((await get("/api/github-sync/problems", await sessionCookie(other))).body).toEqual({
      problems: [],
      next_cursor: null,
    });
    expect((await get("/api/github-sync/problems", "")).status).toBe(401);
  });
});
