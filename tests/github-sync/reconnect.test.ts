import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { startConnect } from "@/lib/github-sync/connect";
import { findReconnectOffer, startReconnect } from "@/lib/github-sync/reconnect";
import { disconnectTenant } from "@/lib/github-sync/settings";
import { createActor, unique } from "../helpers/factories";
import { startConnectedWorld, submitInstallPage, visitCallback } from "../helpers/connect";

let world: Awaited<ReturnType<typeof startConnectedWorld>>;
beforeAll(async () => {
  world = await startConnectedWorld({ oauth: true });
});
afterAll(() => world.stop());

const record = (installationId: string) =>
  getDb().githubAppInstallation.findUnique({ where: { installationId: BigInt(installationId) } });

async function installLinkAndDisconnect(actor: Actor) {
  const admin = world.sim.createAccount({ login: unique("gh-admin") });
  const org = world.sim.createAccount({
    login: unique("gh-org"),
    type: "Organization",
    members: [{ login: admin.login, role: "admin" }],
  });
  await world.sim.createRepository({ owner: org.login, name: "templates" });
  const state = new URL(await startConnect(actor)).searchParams.get("state")!;
  const redirect = await submitInstallPage(world.sim, { user: admin.login, account: org.login, state });
  await visitCallback(redirect, actor);
  await disconnectTenant(actor);
  return { admin, org, installationId: new URL(redirect).searchParams.get("installation_id")!, redirect };
}

/** What the browser does on GitHub's OAuth authorization page: sign in as `user`, Authorize. */
async function authorizeOnGithub(authorizeUrl: string, user: string) {
  const url = new URL(authorizeUrl);
  const response = await fetch(`${url.origin}${url.pathname}`, {
    method: "POST",
    body: new URLSearchParams({
      user,
      state: url.searchParams.get("state")!,
      redirect_uri: url.searchParams.get("redirect_uri")!,
    }),
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  return response.headers.get("location")!;
}

describe("Reconnect after Disconnect", () => {
  it("offers the installation that still exists and links it in one pass through GitHub's OAuth", async () => {
    const actor = await createActor();
    const { admin, org, installationId } = await installLinkAndDisconnect(actor);
    expect(await record(installationId)).toMatchObject({ tenantId: null, previousTenantId: actor.tenantId });

    expect(await findReconnectOffer(actor)).toMatchObject({ installationId, account: org.login });
    const authorize = await startReconnect(actor);
    expect(authorize).toMatch(new RegExp(`^${world.sim.url}/login/oauth/authorize\\?`));
    const back = await authorizeOnGithub(authorize, admin.login);
    expect(await visitCallback(back, actor)).toEqual({
      status: 303,
      location: "/settings/github-sync?notice=reconnected",
    });
    expect(await record(installationId)).toMatchObject({
      tenantId: actor.tenantId,
      deletedAt: null,
      linkedByUserId: actor.userId,
      previousTenantId: null,
    });
    // The state was single-use.
    expect((await visitCallback(back, actor)).location).toBe("/settings/github-sync?error=state_used");
  });

  it("never offers or links another organization's former installation, nor one the GitHub user cannot access", async () => {
    const owner = await createActor();
    const { installationId } = await installLinkAndDisconnect(owner);
    const stranger = await createActor();
    expect(await findReconnectOffer(stranger)).toBeNull();
    await expect(startReconnect(stranger)).rejects.toMatchObject({ code: "not_found" });

    // The owner's own reconnect, authorized on GitHub by someone without access to the installation.
    const outsider = world.sim.createAccount({ login: unique("gh-outsider") });
    const back = await authorizeOnGithub(await startReconnect(owner), outsider.login);
    expect((await visitCallback(back, owner)).location).toBe("/settings/github-sync?error=installation_refused");
    expect(await record(installationId)).toMatchObject({ tenantId: null });
  });

  it("does not offer an installation that was uninstalled on GitHub", async () => {
    const actor = await createActor();
    const { installationId } = await installLinkAndDisconnect(actor);
    await world.sim.uninstall(Number(installationId));
    expect(await findReconnectOffer(actor)).toBeNull();
  });

  it("a change on GitHub without our state, for an organization not connected, offers linking instead of 'updated'", async () => {
    const actor = await createActor();
    const { admin, installationId, redirect } = await installLinkAndDisconnect(actor);
    const update = new URL(redirect);
    update.searchParams.set("setup_action", "update");
    update.searchParams.delete("state");
    update.searchParams.set("code", world.sim.issueOauthCode(admin.login));
    const { location } = await visitCallback(update.toString(), actor);
    expect(location).toMatch(/^\/settings\/github-sync\?confirm=/);
    expect(await record(installationId)).toMatchObject({ tenantId: null });

    const confirm = new URL(location, "http://x").searchParams.get("confirm")!;
    const back = await authorizeOnGithub(await startReconnect(actor, confirm), admin.login);
    expect((await visitCallback(back, actor)).location).toBe("/settings/github-sync?notice=reconnected");
    expect(await record(installationId)).toMatchObject({ tenantId: actor.tenantId });
  });
});
