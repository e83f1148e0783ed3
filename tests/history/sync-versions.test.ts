import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { startReconnect } from "@/lib/github-sync/reconnect";
import { disconnectTenant } from "@/lib/github-sync/settings";
import { startHistoryRoutes } from "../helpers/history-routes";
import { sessionCookie } from "../helpers/session";
import { visitCallback } from "../helpers/connect";
import { connectedTenant, latestRun, runSync, startSyncWorld, type SyncWorld } from "../helpers/sync-world";

let world: SyncWorld;
let api: Awaited<ReturnType<typeof startHistoryRoutes>>;
beforeAll(async () => {
  world = await startSyncWorld();
  api = await startHistoryRoutes();
});
afterAll(async () => {
  await api.close();
  await world.stop();
});
afterEach(() => world.sim.resetTraffic());

const doc = (value: object) => JSON.stringify(value, null, 2);
const versionsOf = (templateId: bigint) =>
  getDb().templateVersion.findMany({ where: { templateId }, orderBy: { id: "asc" } });
const templateAt = (tenantId: bigint, path: string) =>
  getDb().template.findFirstOrThrow({ where: { tenantId, syncSource: path } });

async function push(t: Awaited<ReturnType<typeof connectedTenant>>, message: string, changes: never[] | object[]) {
  const { sha } = await world.sim.commit(t.fullName, { message, changes: changes as never });
  const run = await runSync(world, t.request("push"));
  expect(run.status).toBe("completed");
  return sha;
}

/** What GitHub's branch answer gave resolve-head as the head's subject line and author (kept on the run). */
async function headCommit(tenantId: bigint) {
  const run = await latestRun(tenantId);
  expect(run.commitAuthor).toBeTruthy();
  return { message: run.commitMessage, author: run.commitAuthor, commit: run.commit };
}

describe("versions from the sync", () => {
  it("records created, changed, moved and deleted with commit, subject line, author, path and blob SHA", async () => {
    const t = await connectedTenant(world, { "a.json": doc({ name: "Alpha" }), "b.json": doc({ name: "Beta" }) });
    await runSync(world, t.request("connect"));
    const created = await headCommit(t.actor.tenantId);
    const alpha = await templateAt(t.actor.tenantId, "a.json");
    const beta = await templateAt(t.actor.tenantId, "b.json");
    expect(await versionsOf(alpha.id)).toEqual([
      expect.objectContaining({
        source: "github",
        event: "created",
        path: "a.json",
        blobSha: alpha.syncSha,
        commitSha: created.commit,
        commitMessage: created.message,
        commitAuthor: created.author,
        repositoryUrl: `${world.sim.url}/${t.fullName}`,
      }),
    ]);

    const changedSha = await push(t, "Rename Alpha\n\nA longer body.", [
      { action: "put", path: "a.json", content: doc({ name: "Alpha 2", extra: [1, 2] }) },
    ]);
    const movedSha = await push(t, "Move Alpha", [{ action: "move", from: "a.json", path: "dir/a.json" }]);
    const deletedSha = await push(t, "Delete Beta", [{ action: "delete", path: "b.json" }]);

    const alphaVersions = await versionsOf(alpha.id);
    expect(alphaVersions.map((v) => [v.event, v.path, v.commitSha, v.commitMessage])).toEqual([
      ["created", "a.json", created.commit, created.message],
      ["changed", "a.json", changedSha, "Rename Alpha"],
      ["moved", "dir/a.json", movedSha, "Move Alpha"],
    ]);
    expect(alphaVersions[2]!.blobSha).toBe(
      (await getDb().template.findUniqueOrThrow({ where: { id: alpha.id } })).syncSha,
    );
    const betaVersions = await versionsOf(beta.id);
    expect(betaVersions.map((v) => [v.event, v.path, v.commitSha])).toEqual([
      ["created", "b.json", created.commit],
      ["deleted", "b.json", deletedSha],
    ]);

    // The API: newest first, linked to GitHub at that commit and path, with what changed.
    const cookie = await sessionCookie(t.actor);
    const listed = await api.call("GET", `/api/templates/${alpha.id}/versions`, cookie);
    expect(listed.body.versions).toEqual([
      expect.objectContaining({
        source: "github",
        event: "moved",
        commit: movedSha,
        message: "Move Alpha",
        path: "dir/a.json",
        url: `${world.sim.url}/${t.fullName}/blob/${movedSha}/dir/a.json`,
        summary: "moved from a.json",
      }),
      expect.objectContaining({ event: "changed", summary: "name changed; 1 field added", path: "a.json" }),
      expect.objectContaining({ event: "created", summary: "created", author: created.author }),
    ]);
    const text = await api.call("GET", `/api/templates/${alpha.id}/versions/${listed.body.versions[1].id}`, cookie);
    expect(text.body.version.text).toBe(doc({ name: "Alpha 2", extra: [1, 2] }));
  });

  it("stores a text once however many syncs and templates carry it", async () => {
    const same = doc({ name: "Same", marker: crypto.randomUUID() });
    const t = await connectedTenant(world, { "one.json": same, "two.json": same });
    await runSync(world, t.request("connect"));
    await push(t, "Change", [{ action: "put", path: "one.json", content: doc({ name: "Other" }) }]);
    await push(t, "Revert", [{ action: "put", path: "one.json", content: same }]);
    const one = await templateAt(t.actor.tenantId, "one.json");
    expect((await versionsOf(one.id)).map((v) => v.event)).toEqual(["created", "changed", "changed"]);
    expect(await getDb().templateText.count({ where: { text: same } })).toBe(1);
  });

  it("shows a history without a single GitHub request", async () => {
    const t = await connectedTenant(world, { "h.json": doc({ name: "History" }) });
    await runSync(world, t.request("connect"));
    await push(t, "Edit", [{ action: "put", path: "h.json", content: doc({ name: "History 2" }) }]);
    const template = await templateAt(t.actor.tenantId, "h.json");
    const cookie = await sessionCookie(t.actor);
    world.sim.resetTraffic();
    const listed = await api.call("GET", `/api/templates/${template.id}/versions`, cookie);
    const [b, a] = listed.body.versions;
    expect((await api.call("GET", `/api/templates/${template.id}/versions/${a.id}`, cookie)).status).toBe(200);
    const compared = await api.call(
      "GET",
      `/api/templates/${template.id}/versions/${a.id}/compare/${b.id}?text=1`,
      cookie,
    );
    expect(compared.body.changes).toEqual([{ path: "/name", kind: "changed", before: "History", after: "History 2" }]);
    expect(world.sim.counters().total).toBe(0);
  });

  it("puts disconnect and reconnect on the timeline of each template, which stays", async () => {
    const t = await connectedTenant(world, { "d.json": doc({ name: "Disc" }), "gone.json": doc({ name: "Gone" }) });
    await runSync(world, t.request("connect"));
    await push(t, "Remove", [{ action: "delete", path: "gone.json" }]);
    const kept = await templateAt(t.actor.tenantId, "d.json");
    const gone = await templateAt(t.actor.tenantId, "gone.json");

    await disconnectTenant(t.actor);
    expect((await versionsOf(kept.id)).map((v) => [v.source, v.event, v.path, v.userId])).toEqual([
      ["github", "created", "d.json", null],
      ["allegro", "disconnected", "d.json", t.actor.userId],
    ]);
    expect((await versionsOf(gone.id)).at(-1)).toMatchObject({ event: "disconnected", path: "gone.json" });
    expect(await getDb().template.findUniqueOrThrow({ where: { id: kept.id } })).toMatchObject({
      syncSource: null,
      deletedAt: null,
    });

    // Reconnect through GitHub's OAuth authorization, as Settings → Reconnect does.
    const authorize = new URL(await startReconnect(t.actor));
    const consent = await fetch(`${authorize.origin}${authorize.pathname}`, {
      method: "POST",
      body: new URLSearchParams({
        user: t.admin.login,
        state: authorize.searchParams.get("state")!,
        redirect_uri: authorize.searchParams.get("redirect_uri")!,
      }),
      redirect: "manual",
    });
    expect(await visitCallback(consent.headers.get("location")!, t.actor)).toMatchObject({
      location: "/settings/github-sync?notice=reconnected",
    });
    const keptVersions = await versionsOf(kept.id);
    expect(keptVersions.map((v) => [v.event, v.path, v.userId])).toEqual([
      ["created", "d.json", null],
      ["disconnected", "d.json", t.actor.userId],
      ["reconnected", "d.json", t.actor.userId],
    ]);
    // A deleted template is not brought back by a reconnect.
    expect((await versionsOf(gone.id)).at(-1)!.event).toBe("disconnected");

    const cookie = await sessionCookie(t.actor);
    const listed = await api.call("GET", `/api/templates/${kept.id}/versions`, cookie);
    expect(listed.body.versions.map((v: { summary: string }) => v.summary)).toEqual([
      "GitHub Sync reconnected",
      "disconnected from GitHub; kept and editable in Allegro",
      "created",
    ]);
    expect(listed.body.versions[0]).toMatchObject({ source: "allegro", author: t.actor.userName, path: "d.json" });
  });
});
