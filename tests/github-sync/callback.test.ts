import { sealData } from "iron-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { sealKey } from "@/lib/auth/keys";
import { getDb } from "@/lib/db/client";
import { startConnect } from "@/lib/github-sync/connect";
import { readInstallConfirmation } from "@/lib/github-sync/install-confirm";
import { createActor, unique } from "../helpers/factories";
import { startConnectedWorld, submitInstallPage, visitCallback } from "../helpers/connect";
import { afterInstallationDeliveries } from "../helpers/deliveries";

let world: Awaited<ReturnType<typeof startConnectedWorld>>;
beforeAll(async () => {
  world = await startConnectedWorld({ oauth: true });
});
afterAll(() => world.stop());

const record = (installationId: string | number) =>
  getDb().githubAppInstallation.findUnique({ where: { installationId: BigInt(installationId) } });

/** A GitHub organization administered by `login`, with a repository; the app not installed yet. */
function githubOrg() {
  const admin = world.sim.createAccount({ login: unique("gh-admin") });
  const org = world.sim.createAccount({
    login: unique("gh-org"),
    type: "Organization",
    members: [{ login: admin.login, role: "admin" }],
  });
  return { admin, org };
}

async function stateFrom(actor: Actor) {
  return new URL(await startConnect(actor)).searchParams.get("state")!;
}

async function install(actor: Actor) {
  const { admin, org } = githubOrg();
  await world.sim.createRepository({ owner: org.login, name: "templates" });
  const redirect = await submitInstallPage(world.sim, {
    user: admin.login,
    account: org.login,
    state: await stateFrom(actor),
  });
  const installationId = new URL(redirect).searchParams.get("installation_id")!;
  // The delivery job records the installation from its webhook (held deliveries are not made yet).
  await afterInstallationDeliveries(world.sim, installationId);
  return { admin, org, redirect, installationId };
}

describe("GET /github/callback", () => {
  it("links the installation when the webhook arrives first", async () => {
    const actor = await createActor();
    const { redirect, installationId, org } = await install(actor);
    expect(await record(installationId)).toMatchObject({ tenantId: null, accountLogin: org.login });
    expect(await visitCallback(redirect, actor)).toEqual({
      status: 303,
      location: "/settings/github-sync?notice=installed",
    });
    expect(await record(installationId)).toMatchObject({ tenantId: actor.tenantId, linkedByUserId: actor.userId });
  });

  it("links the installation when the callback arrives first, and the late webhook keeps the link", async () => {
    const actor = await createActor();
    world.sim.webhooks.pause();
    const { redirect, installationId } = await install(actor);
    expect(await record(installationId)).toBeNull();
    expect((await visitCallback(redirect, actor)).location).toBe("/settings/github-sync?notice=installed");
    expect(await record(installationId)).toMatchObject({ tenantId: actor.tenantId });
    await world.sim.webhooks.resume();
    expect(world.sim.deliveries().at(-1)).toMatchObject({ event: "installation", action: "created", status: 202 });
    await afterInstallationDeliveries(world.sim, installationId);
    expect(await record(installationId)).toMatchObject({ tenantId: actor.tenantId, deletedAt: null });
  });

  it("sends a signed-out visitor to sign in first, returning to the same callback", async () => {
    const actor = await createActor();
    const { redirect, installationId } = await install(actor);
    const { location } = await visitCallback(redirect, null);
    const url = new URL(redirect);
    expect(location).toBe(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
    expect((await record(installationId))!.tenantId).toBeNull();
  });

  it.each([
    ["tampered", async (state: string) => state.slice(0, -4) + "AAAA", "state_invalid"],
    [
      "not ours",
      async () => sealData({ purpose: "github-install" }, { password: "another-secret-another-secret-12345" }),
      "state_invalid",
    ],
    [
      "expired",
      async (_s: string, actor: Actor) =>
        sealData(
          {
            purpose: "github-install",
            tenantId: actor.tenantId.toString(),
            userId: actor.userId.toString(),
            nonce: "n".repeat(24),
            expiresAt: Date.now() - 1,
          },
          { password: sealKey("github-install-state") },
        ),
      "state_expired",
    ],
  ])("refuses a %s state and links nothing", async (_name, mangle, code) => {
    const actor = await createActor();
    const { admin, org } = githubOrg();
    const state = await mangle(await stateFrom(actor), actor);
    const redirect = await submitInstallPage(world.sim, { user: admin.login, account: org.login, state });
    const id = new URL(redirect).searchParams.get("installation_id")!;
    await afterInstallationDeliveries(world.sim, id);
    expect((await visitCallback(redirect, actor)).location).toBe(`/settings/github-sync?error=${code}`);
    expect((await record(id))!.tenantId).toBeNull();
  });

  it("refuses a state used twice", async () => {
    const actor = await createActor();
    const { redirect, installationId, admin } = await install(actor);
    expect((await visitCallback(redirect, actor)).location).toBe("/settings/github-sync?notice=installed");
    await getDb().githubAppInstallation.update({
      where: { installationId: BigInt(installationId) },
      data: { tenantId: null },
    });
    // The same URL again (a new OAuth code, same state): the nonce is spent.
    const replay = new URL(redirect);
    replay.searchParams.set("code", world.sim.issueOauthCode(admin.login));
    expect((await visitCallback(replay.toString(), actor)).location).toBe("/settings/github-sync?error=state_used");
    expect((await record(installationId))!.tenantId).toBeNull();
  });

  it("refuses a state started by another user or for another organization", async () => {
    const starter = await createActor();
    const other = await createActor();
    const { redirect, installationId } = await install(starter);
    expect((await visitCallback(redirect, other)).location).toBe("/settings/github-sync?error=state_other_user");
    expect((await record(installationId))!.tenantId).toBeNull();
  });

  it("refuses a forged installation_id: the OAuth user cannot access that installation", async () => {
    const victim = await createActor();
    const { installationId: victimInstallation } = await install(victim);
    // The attacker installs on their own account, then swaps in the victim's installation id.
    const attacker = await createActor();
    const { redirect } = await install(attacker);
    const forged = new URL(redirect);
    forged.searchParams.set("installation_id", victimInstallation);
    expect((await visitCallback(forged.toString(), attacker)).location).toBe(
      "/settings/github-sync?error=installation_refused",
    );
    expect((await record(victimInstallation))!.tenantId).toBeNull();
  });

  it("never links an installation already linked to another organization", async () => {
    const first = await createActor();
    const { redirect, installationId, admin, org } = await install(first);
    await visitCallback(redirect, first);
    const second = await createActor();
    // The same GitHub admin, reconfiguring the same installation from tenant B.
    const again = await submitInstallPage(world.sim, {
      user: admin.login,
      account: org.login,
      state: await stateFrom(second),
    });
    const attempt = new URL(again);
    attempt.searchParams.set("setup_action", "install");
    expect((await visitCallback(attempt.toString(), second)).location).toBe(
      "/settings/github-sync?error=installation_refused",
    );
    expect((await record(installationId))!.tenantId).toBe(first.tenantId);
  });

  it("refuses a nonexistent installation id", async () => {
    const actor = await createActor();
    const { redirect } = await install(actor);
    const bogus = new URL(redirect);
    bogus.searchParams.set("installation_id", "987654321");
    expect((await visitCallback(bogus.toString(), actor)).location).toBe(
      "/settings/github-sync?error=installation_refused",
    );
    expect(await record("987654321")).toBeNull();
  });

  it("answers setup_action=request with the waiting notice; an owner's approval (no state) is linked only after a fresh Connect", async () => {
    const requester = await createActor();
    const { admin, org } = githubOrg();
    const member = world.sim.createAccount({ login: unique("gh-member") });
    world.sim.orgMembers.get(org.login.toLowerCase())!.set(member.login.toLowerCase(), "member");
    const redirect = await submitInstallPage(world.sim, {
      user: member.login,
      account: org.login,
      state: await stateFrom(requester),
    });
    expect(new URL(redirect).searchParams.get("setup_action")).toBe("request");
    expect((await visitCallback(redirect, requester)).location).toBe("/settings/github-sync?notice=requested");

    const request = [...world.sim.installRequests.values()].find((r) => r.account.id === org.id)!;
    const { redirectUrl, installation } = await world.sim.approveInstallRequest(request.id, admin.login);
    const owner = await createActor();
    const withoutCode = new URL(redirectUrl);
    withoutCode.searchParams.delete("code");
    expect((await visitCallback(withoutCode.toString(), owner)).location).toBe(
      "/settings/github-sync?error=approval_needs_reconnect",
    );
    // With a code but without our state: the owner is asked to confirm, nothing is linked yet.
    const { location } = await visitCallback(redirectUrl, owner);
    expect(location).toMatch(/^\/settings\/github-sync\?confirm=/);
    await afterInstallationDeliveries(world.sim, installation.id);
    expect((await record(installation.id))!.tenantId).toBeNull();
    const confirm = new URL(location, "http://x").searchParams.get("confirm")!;
    expect(await readInstallConfirmation(confirm, owner)).toEqual({
      installationId: String(installation.id),
      account: org.login,
    });
    expect(await readInstallConfirmation(confirm, await createActor())).toBeNull();

    // "Link it": Connect again; GitHub's page for the existing installation answers update + code + our state.
    const again = await submitInstallPage(world.sim, {
      user: admin.login,
      account: org.login,
      state: await stateFrom(owner),
    });
    expect(new URL(again).searchParams.get("setup_action")).toBe("update");
    expect((await visitCallback(again, owner)).location).toBe("/settings/github-sync?notice=installed");
    expect((await record(installation.id))!.tenantId).toBe(owner.tenantId);
  });

  it("never links with a code and no state: an attacker's own install redirect sent to a victim admin", async () => {
    const attacker = githubOrg();
    // The attacker installs on their own organization without any state of ours.
    const redirect = await submitInstallPage(world.sim, { user: attacker.admin.login, account: attacker.org.login });
    const installationId = new URL(redirect).searchParams.get("installation_id")!;
    await afterInstallationDeliveries(world.sim, installationId);
    expect(new URL(redirect).searchParams.get("code")).toBeTruthy();
    const victim = await createActor();
    const { location } = await visitCallback(redirect, victim);
    expect(location).toMatch(/^\/settings\/github-sync\?confirm=/);
    expect((await record(installationId))!.tenantId).toBeNull();
  });

  it("gives one refusal for an unknown id, an unlinked id that is not yours, and an id linked elsewhere", async () => {
    const owner = await createActor();
    const linked = await install(owner);
    await visitCallback(linked.redirect, owner);
    const { installationId: unlinked } = await install(await createActor());
    const attacker = await createActor();
    const answers = [];
    for (const id of ["987654322", unlinked, linked.installationId]) {
      const { redirect } = await install(attacker);
      const forged = new URL(redirect);
      forged.searchParams.set("installation_id", id);
      answers.push((await visitCallback(forged.toString(), attacker)).location);
    }
    expect(answers).toEqual(Array(3).fill("/settings/github-sync?error=installation_refused"));
    expect((await record(unlinked))!.tenantId).toBeNull();
    expect((await record(linked.installationId))!.tenantId).toBe(owner.tenantId);
  });

  it("sends setup_action=update back to settings without changing anything", async () => {
    const actor = await createActor();
    const { redirect, installationId } = await install(actor);
    await visitCallback(redirect, actor);
    // What GitHub sends after a change made on GitHub ("Redirect on update"): no state of ours.
    const update = new URL(redirect);
    update.searchParams.set("setup_action", "update");
    update.searchParams.delete("state");
    expect((await visitCallback(update.toString(), actor)).location).toBe("/settings/github-sync?notice=updated");
    expect((await record(installationId))!.tenantId).toBe(actor.tenantId);
  });

  it("refuses malformed queries and members", async () => {
    const admin = await createActor();
    const { redirect, installationId } = await install(admin);
    const bad = new URL(redirect);
    bad.searchParams.set("setup_action", "hack");
    expect((await visitCallback(bad.toString(), admin)).location).toBe("/settings/github-sync?error=bad_request");
    const member = await createActor("member");
    expect((await visitCallback(redirect, member)).location).toBe("/settings/github-sync");
    expect((await record(installationId))!.tenantId).toBeNull();
  });
});
