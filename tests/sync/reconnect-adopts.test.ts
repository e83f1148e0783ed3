import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { updateTemplate } from "@/lib/templates/service";
import { api } from "../helpers/connect";
import { connectedTenant, runSync, startSyncWorld, templatesOf, type SyncWorld } from "../helpers/sync-world";

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
});
afterAll(() => world.stop());

const doc = (name: string) => JSON.stringify({ name });
type Tenant = Awaited<ReturnType<typeof connectedTenant>>;

/** Links the installation to the tenant's repository again, as Reconnect (the callback and the repository choice) does. */
async function reconnect(t: Tenant, repository = t.fullName) {
  const repo = world.sim.repository(repository);
  await getDb().githubAppInstallation.update({
    where: { installationId: BigInt(t.installation!.id) },
    data: {
      deletedAt: null,
      tenantId: t.actor.tenantId,
      repository,
      repositoryId: BigInt(repo.id),
      repositoryUrl: `${world.sim.url}/${repository}`,
      defaultBranch: "main",
      folder: "",
      linkedAt: new Date(),
    },
  });
}

describe("reconnecting after a disconnect", () => {
  it("adopts the templates that came from the same repository paths instead of copying them", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A"), "b.json": doc("B"), "c.json": doc("C") });
    expect((await runSync(world, t.request("connect"))).status).toBe("completed");
    const synced = await templatesOf(t.actor.tenantId);
    expect(synced.map((row) => row.syncSource)).toEqual(["a.json", "b.json", "c.json"]);

    expect((await api(world.server, "DELETE", "/api/github-sync", t.actor)).status).toBe(204);
    // Disconnected, the templates are the organization's own: editable.
    const a = synced.find((row) => row.syncSource === "a.json")!;
    await updateTemplate(t.actor, a.id.toString(), doc("A edited while disconnected"));
    expect((await templatesOf(t.actor.tenantId)).every((row) => row.syncSource === null)).toBe(true);

    await world.sim.commit(t.fullName, { changes: [{ action: "delete", path: "c.json" }] });
    await reconnect(t);
    expect((await runSync(world, t.request("connect"))).status).toBe("completed");

    const after = await getDb().template.findMany({ where: { tenantId: t.actor.tenantId }, orderBy: { id: "asc" } });
    expect(after).toHaveLength(3);
    expect(after.map((row) => [row.id, row.name, row.syncSource, row.deletedAt])).toEqual([
      [synced[0]!.id, "A", "a.json", null],
      [synced[1]!.id, "B", "b.json", null],
      // Gone from the branch: it stays the organization's own template.
      [synced[2]!.id, "C", null, null],
    ]);
  });

  it("does not adopt templates from another repository with the same paths", async () => {
    const t = await connectedTenant(world, { "a.json": doc("A") });
    expect((await runSync(world, t.request("connect"))).status).toBe("completed");
    expect((await api(world.server, "DELETE", "/api/github-sync", t.actor)).status).toBe(204);
    const other = await world.sim.createRepository({
      owner: t.org.login,
      name: "other",
      files: { "a.json": doc("X") },
    });
    await reconnect(t, `${t.org.login}/${other.name}`);
    expect((await runSync(world, t.request("connect"))).status).toBe("completed");
    const rows = await getDb().template.findMany({ where: { tenantId: t.actor.tenantId }, orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.name, row.syncSource])).toEqual([
      ["A", null],
      ["X", "a.json"],
    ]);
  });
});
