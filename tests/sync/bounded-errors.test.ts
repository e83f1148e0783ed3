import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as problemsRoute from "@/app/api/github-sync/problems/route";
import * as runErrorsRoute from "@/app/api/github-sync/runs/[id]/errors/route";
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
  world = await startSyncWorld({
    routes: { "/api/github-sync/problems": problemsRoute, "/api/github-sync/runs/:id/errors": runErrorsRoute },
  });
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
    expect(history.body.runs[0]).toMatchObject({ errorCount: INVALID, errorsIncluded: true });
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

/** JSON as the settings page hands its data to the browser (ids are bigints). */
const jsonBytes = (value: unknown) =>
  Buffer.byteLength(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v)));

describe("a full history: 50 runs that each found the same 5,000 invalid files", () => {
  const RUNS = 50;
  let full: Awaited<ReturnType<typeof connectedTenant>>;
  let fullCookie: string;
  let ids: bigint[];

  beforeAll(async () => {
    // 50 real syncs of 5,000 files would take minutes: copy the synced run (its stored first 100
    // errors, its count) into another organization's history, 50 times over, plus a clean run.
    const source = await latestRun(t.actor.tenantId);
    full = await connectedTenant(world, { "good.json": JSON.stringify({ name: "Good" }) });
    const installationId = BigInt(full.installation!.id);
    await getDb().githubAppInstallation.update({
      where: { installationId },
      data: { lastSyncErrors: source.errors ?? [], lastSyncErrorCount: INVALID },
    });
    const { id: _id, tenantId: _t, installationId: _i, createdAt: _c, heldPlan: _h, ...copy } = source;
    const row = () => ({
      ...copy,
      errors: copy.errors ?? [],
      tenantId: full.actor.tenantId,
      installationId,
      heldPlan: undefined,
    });
    await getDb().syncRun.create({ data: { ...row(), status: "succeeded", errors: [], errorCount: 0, invalid: 0 } });
    for (let i = 0; i < RUNS - 1; i++) await getDb().syncRun.create({ data: row() });
    // The newest run found nothing wrong: the newest run WITH errors is the one below it.
    await getDb().syncRun.create({ data: { ...row(), status: "succeeded", errors: [], errorCount: 0, invalid: 0 } });
    ids = (
      await getDb().syncRun.findMany({ where: { tenantId: full.actor.tenantId }, orderBy: { id: "desc" }, take: RUNS })
    ).map((r) => r.id);
    fullCookie = await sessionCookie(full.actor);
  });

  it("sends the errors of the newest run with errors only, and stays under 200 KB", async () => {
    const history = await get("/api/github-sync/runs", fullCookie);
    expect(history.status).toBe(200);
    const runs = history.body.runs as { id: string; errors: unknown[]; errorCount: number; errorsIncluded: boolean }[];
    expect(runs).toHaveLength(RUNS);
    expect(runs.map((r) => r.id)).toEqual(ids.map(String));
    expect(runs[0]).toMatchObject({ errors: [], errorCount: 0, errorsIncluded: true });
    expect(runs[1]).toMatchObject({ errorCount: INVALID, errorsIncluded: true });
    expect(runs[1]!.errors).toHaveLength(100);
    expect(runs[1]!.errors[0]).toMatchObject({
      path: badPath(0),
      url: expect.stringContaining(`/blob/${(await latestRun(t.actor.tenantId)).commit}/bad/file-00000.json`),
    });
    for (const run of runs.slice(2))
      expect(run).toMatchObject({ errors: [], errorCount: INVALID, errorsIncluded: false });
    expect(history.bytes).toBeLessThan(LIMIT);

    const page = await loadSettingsPage(full.actor);
    expect(page.history!.runs).toHaveLength(RUNS);
    expect(page.history!.runs.filter((r) => r.errors.length > 0).map((r) => r.id)).toEqual([String(ids[1])]);
    expect(jsonBytes(page)).toBeLessThan(LIMIT);
  });

  it("answers an older run's stored errors by its id, linked to its commit, with the count", async () => {
    const older = await get(`/api/github-sync/runs/${ids[RUNS - 1]}/errors`, fullCookie);
    expect(older.status).toBe(200);
    expect(Object.keys(older.body).sort()).toEqual(["error_count", "errors"]);
    expect(older.body.error_count).toBe(INVALID);
    expect(older.body.errors).toHaveLength(100);
    const { commit } = await latestRun(t.actor.tenantId);
    expect(older.body.errors[0]).toEqual({
      path: badPath(0),
      message: expect.stringMatching(/^Invalid JSON/),
      line: expect.any(Number),
      column: expect.any(Number),
      url: expect.stringMatching(new RegExp(`/blob/${commit}/bad/file-00000\\.json#L\\d+$`)),
    });
    // What the history would have sent for it, had it been the newest with errors.
    const newest = (await get("/api/github-sync/runs", fullCookie)).body.runs[1];
    expect(older.body.errors).toEqual(newest.errors);

    const clean = await get(`/api/github-sync/runs/${ids[0]}/errors`, fullCookie);
    expect(clean).toMatchObject({ status: 200, body: { errors: [], error_count: 0 } });
  });

  it("answers 404 for another organization's run and for ids that are not one, 403 to members, 401 signed out", async () => {
    const theirs = await get(`/api/github-sync/runs/${ids[1]}/errors`, cookie);
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual({ error: { code: "not_found", message: "No such sync run." } });
    for (const id of ["abc", "-1", "1.5", "0x10", "1e3", "9".repeat(19), "%20"]) {
      const bad = await get(`/api/github-sync/runs/${id}/errors`, fullCookie);
      expect(bad.status, id).toBe(404);
      expect(bad.body.error, id).toMatchObject({ code: "not_found" });
    }
    const user = await createUser({ tenantId: full.actor.tenantId, role: "member" });
    const member = (await resolveActor({ userId: user.id, tenantId: full.actor.tenantId }))!;
    const refused = await get(`/api/github-sync/runs/${ids[1]}/errors`, await sessionCookie(member));
    expect(refused.status).toBe(403);
    expect(refused.body.errors).toBeUndefined();
    const signedOut = await get(`/api/github-sync/runs/${ids[1]}/errors`, "");
    expect(signedOut.status).toBe(401);
    expect(signedOut.body.errors).toBeUndefined();
  });
});
