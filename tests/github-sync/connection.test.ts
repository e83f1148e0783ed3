import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { findConnection, requireSyncable } from "@/lib/github-sync/connection";
import { createActor } from "../helpers/factories";

let nextInstallationId = 9_000_000_000 + Math.floor(Math.random() * 1_000_000_000);
const installation = (data: Record<string, unknown>) =>
  getDb().githubAppInstallation.create({ data: { installationId: BigInt(nextInstallationId++), ...data } });

describe("the connection module", () => {
  it("names each state with the reason shown to people", async () => {
    const actor = await createActor();
    const db = getDb();
    expect(await findConnection(db, actor.tenantId, false)).toMatchObject({ state: "not_configured" });
    expect(await findConnection(db, actor.tenantId)).toMatchObject({
      state: "not_connected",
      reason: "GitHub Sync is not connected for this organization.",
    });

    const row = await installation({ tenantId: actor.tenantId, accountLogin: "acme" });
    expect(await findConnection(db, actor.tenantId)).toMatchObject({ state: "no_repository" });
    await db.githubAppInstallation.update({
      where: { id: row.id },
      data: { repository: "acme/templates", repositoryId: 42n, defaultBranch: "main" },
    });
    expect(await findConnection(db, actor.tenantId)).toMatchObject({ state: "connected", reason: null });
    await db.githubAppInstallation.update({ where: { id: row.id }, data: { brokenReason: "Repository removed." } });
    expect(await findConnection(db, actor.tenantId)).toMatchObject({ state: "broken", reason: "Repository removed." });
    await db.githubAppInstallation.update({ where: { id: row.id }, data: { suspendedAt: new Date() } });
    const suspended = await findConnection(db, actor.tenantId);
    expect(suspended.state).toBe("suspended");
    expect(() => requireSyncable(suspended)).toThrow(expect.objectContaining({ status: 409 }));
  });

  it("is one live connection per organization, enforced by the database", async () => {
    const actor = await createActor();
    await installation({ tenantId: actor.tenantId });
    await expect(installation({ tenantId: actor.tenantId })).rejects.toThrow(/unique/i);
    // Disconnected rows and unlinked installations do not count.
    await installation({ tenantId: actor.tenantId, deletedAt: new Date() });
    await installation({ tenantId: null });
    await installation({ tenantId: null });
    expect(await getDb().githubAppInstallation.count({ where: { tenantId: actor.tenantId } })).toBe(2);
  });
});
