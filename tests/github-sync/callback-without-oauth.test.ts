import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { startConnect } from "@/lib/github-sync/connect";
import { createActor, unique } from "../helpers/factories";
import { startConnectedWorld, submitInstallPage, visitCallback } from "../helpers/connect";
import { afterInstallationDeliveries } from "../helpers/deliveries";

// OAuth off (no GITHUB_APP_CLIENT_ID/SECRET) and no ALLEGRO_INSECURE_SKIP_INSTALL_OWNERSHIP.
let world: Awaited<ReturnType<typeof startConnectedWorld>>;
beforeAll(async () => {
  world = await startConnectedWorld({ oauth: false });
});
afterAll(() => world.stop());

const record = (installationId: string) =>
  getDb().githubAppInstallation.findUnique({ where: { installationId: BigInt(installationId) } });

function githubOrg() {
  const admin = world.sim.createAccount({ login: unique("gh-admin") });
  const org = world.sim.createAccount({
    login: unique("gh-org"),
    type: "Organization",
    members: [{ login: admin.login, role: "admin" }],
  });
  return { admin, org };
}

describe("GET /github/callback without OAuth", () => {
  it("refuses a forged installation_id with the attacker's own state: someone else's unlinked installation stays unlinked", async () => {
    const victim = githubOrg();
    const { installation } = await world.sim.install(victim.org.login, { sender: victim.admin.login });
    // The delivery job records the installation from its webhook.
    await afterInstallationDeliveries(world.sim, installation.id);
    expect((await record(String(installation.id)))!.tenantId).toBeNull();

    const attacker = await createActor();
    const state = new URL(await startConnect(attacker)).searchParams.get("state")!;
    const forged = new URL(`${process.env.APP_URL}/github/callback`);
    forged.search = new URLSearchParams({
      setup_action: "install",
      installation_id: String(installation.id),
      state,
    }).toString();
    expect((await visitCallback(forged.toString(), attacker)).location).toBe(
      "/settings/github-sync?error=ownership_unverifiable",
    );
    expect((await record(String(installation.id)))!.tenantId).toBeNull();
  });

  it("refuses even the admin's own installation, saying how to enable OAuth", async () => {
    const actor = await createActor();
    const { admin, org } = githubOrg();
    const state = new URL(await startConnect(actor)).searchParams.get("state")!;
    const redirect = await submitInstallPage(world.sim, { user: admin.login, account: org.login, state });
    expect((await visitCallback(redirect, actor)).location).toBe("/settings/github-sync?error=ownership_unverifiable");
    const installationId = new URL(redirect).searchParams.get("installation_id")!;
    await afterInstallationDeliveries(world.sim, installationId);
    expect((await record(installationId))!.tenantId).toBeNull();
  });
});
