import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveActor } from "@/lib/auth/actor";
import { SESSION_COOKIE, unsealSession } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { accountNeedsRefresh, refreshInstallationAccount } from "@/lib/github-sync/account-refresh";
import { loadSettingsPage } from "@/lib/github-sync/settings-page";
import { countingDb, withGlobalDb } from "../helpers/counting-db";
import { sessionCookie } from "../helpers/session";
import { connectedTenant, runSync, startSyncWorld, type SyncWorld } from "../helpers/sync-world";

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
});
afterAll(() => world.stop());

const CONNECTION_READS = /FROM "public"\."github_app_installations"/;

describe("Settings → GitHub Sync loads the connection once and never waits on GitHub", () => {
  it("renders the whole page from at most 12 SQL statements, reading the connection row once, and asks GitHub nothing", async () => {
    const t = await connectedTenant(world, { "ok.json": '{"name":"Ok"}', "bad.json": "{" });
    await runSync(world, t.request("connect"));
    // Every section has something to show: an open proposal (with its author) and a destination.
    await getDb().templateProposal.create({
      data: {
        tenantId: t.actor.tenantId,
        installationId: BigInt(t.installation!.id),
        repositoryId: 1n,
        repository: `${t.org.login}/templates`,
        number: 7,
        url: "https://github.example.test/pull/7",
        branch: "allegro/ok",
        baseBranch: "main",
        startSha: "a".repeat(40),
        headSha: "b".repeat(40),
        title: "Update Ok",
        createdByUserId: t.actor.userId,
        changes: {
          create: {
            tenantId: t.actor.tenantId,
            path: "ok.json",
            action: "update",
            text: "{}",
            commitSha: "b".repeat(40),
          },
        },
      },
    });
    await getDb().notificationDestination.create({
      data: { tenantId: t.actor.tenantId, kind: "email", events: ["sync.failing"] },
    });
    const cookie = (await sessionCookie(t.actor)).split(";")[0]!.slice(SESSION_COOKIE.length + 1);
    const counting = countingDb(process.env.DATABASE_URL!);
    try {
      const before = world.sim.counters().total;
      const data = await withGlobalDb(counting.db, async () => {
        // What requireActor does (once per render: the layout shares it), then the page's one loader.
        const actor = await resolveActor(await unsealSession(cookie));
        return loadSettingsPage(actor!, { db: counting.db });
      });
      expect(data.settings.state).toBe("connected");
      expect(data.history!.runs).toHaveLength(1);
      expect(data.settings.connection).toMatchObject({ accountLogin: t.org.login, lastSyncErrorCount: 1 });
      expect(data.proposals!.open).toMatchObject([{ number: 7, created_by: { email: t.actor.userEmail } }]);
      expect(data.destinations).toMatchObject([{ kind: "email" }]);
      expect(counting.statements.filter((sql) => CONNECTION_READS.test(sql))).toHaveLength(1);
      expect(counting.statements.length).toBeLessThanOrEqual(12);
      expect(world.sim.counters().total).toBe(before);
    } finally {
      await counting.close();
    }
  });

  it("shows the avatar stored with the connection, and refreshes it from GitHub in the background when old", async () => {
    const t = await connectedTenant(world, { "ok.json": '{"name":"Ok"}' });
    const installationId = BigInt(t.installation!.id);
    await getDb().githubAppInstallation.update({
      where: { installationId },
      data: { accountAvatarUrl: "https://avatars.example.test/old.png", accountCheckedAt: new Date(0) },
    });
    const before = world.sim.counters().total;
    const { settings, record } = await loadSettingsPage(t.actor);
    expect(settings.connection!.accountAvatarUrl).toBe("https://avatars.example.test/old.png");
    expect(world.sim.counters().total).toBe(before);
    expect(accountNeedsRefresh(record!)).toBe(true);

    expect(await refreshInstallationAccount(getDb(), installationId)).toBe(true);
    const { settings: after, record: fresh } = await loadSettingsPage(t.actor);
    expect(after.connection!.accountAvatarUrl).toMatch(/\/avatars\/u\/\d+/);
    expect(accountNeedsRefresh(fresh!)).toBe(false);
  });

  it("keeps the stored details when GitHub does not answer the refresh", async () => {
    const t = await connectedTenant(world, { "ok.json": '{"name":"Ok"}' });
    const installationId = BigInt(t.installation!.id);
    await getDb().githubAppInstallation.update({
      where: { installationId },
      data: { accountAvatarUrl: "https://avatars.example.test/kept.png", accountCheckedAt: new Date(0) },
    });
    await getDb().githubAppInstallation.update({ where: { installationId }, data: { installationId: 987654321987n } });
    expect(await refreshInstallationAccount(getDb(), 987654321987n)).toBe(false);
    const row = await getDb().githubAppInstallation.findUniqueOrThrow({ where: { installationId: 987654321987n } });
    expect(row.accountAvatarUrl).toBe("https://avatars.example.test/kept.png");
  });
});
