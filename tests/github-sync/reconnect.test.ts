import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { startConnect } from "@/lib/github-sync/connect";
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

async function installAndLink(actor: Actor) {
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
  return { admin, org, installationId: new URL(redirect).searchParams.get("installation_id")! };
}

describe("Reconnect after Disconnect", () => {
  it("Connect again through GitHub's page links the same installation", async () => {
    const actor = await createActor();
    const { admin, org, installationId } = await installAndLink(actor);
    await disconnectTenant(actor);
    const state = new URL(await startConnect(actor)).searchParams.get("state")!;
    const redirect = await submitInstallPage(world.sim, { user: admin.login, account: org.login, state });
    console.log(redirect);
    console.log(await visitCallback(redirect, actor));
    expect(await record(installationId)).toMatchObject({ tenantId: actor.tenantId, deletedAt: null });
  });
});
