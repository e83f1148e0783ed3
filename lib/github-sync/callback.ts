import { z } from "zod";
import { assertAdmin, type Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { ConnectError } from "./connect-errors";
import { fetchInstallation, oauthConfigured, userCanAccessInstallation } from "./github-access";
import { consumeInstallState } from "./install-state";
import { recordInstallation } from "./installations";

const installationId = z.string().regex(/^\d{1,18}$/);

/** GitHub's Setup URL query, one shape per setup_action. */
export const setupQuerySchema = z.discriminatedUnion("setup_action", [
  z.object({
    setup_action: z.literal("install"),
    installation_id: installationId,
    state: z.string().min(1).optional(),
    code: z.string().min(1).optional(),
  }),
  z.object({
    setup_action: z.literal("update"),
    installation_id: installationId,
    state: z.string().optional(),
    code: z.string().optional(),
  }),
  // A non-owner asked an owner to install: nothing exists yet.
  z.object({ setup_action: z.literal("request"), state: z.string().optional(), code: z.string().optional() }),
]);

export const SETTINGS = "/settings/github-sync";

/** Handles GET /github/callback for a signed-in actor; returns where to send the browser. */
export async function handleSetupCallback(query: Record<string, string>, actor: Actor): Promise<string> {
  const parsed = setupQuerySchema.safeParse(query);
  if (!parsed.success) throw new ConnectError("bad_request");
  const setup = parsed.data;
  assertAdmin(actor);

  switch (setup.setup_action) {
    case "request":
      return `${SETTINGS}?notice=requested`;
    case "update":
      return `${SETTINGS}?notice=updated`;
    case "install":
      await linkInstall(actor, BigInt(setup.installation_id), setup.state, setup.code);
      return `${SETTINGS}?notice=installed`;
  }
}

async function linkInstall(actor: Actor, id: bigint, state: string | undefined, code: string | undefined) {
  if (state) {
    await consumeInstallState(state, actor);
  } else if (!oauthConfigured() || !code) {
    // After an owner approves a request, GitHub redirects without our state:
    // only the OAuth proof can then show this person may link the installation.
    throw new ConnectError("approval_needs_reconnect");
  }
  if (oauthConfigured()) {
    if (!code || !(await userCanAccessInstallation(code, id))) throw new ConnectError("oauth_failed");
  }

  const db = getDb();
  let record = await db.githubAppInstallation.findUnique({ where: { installationId: id } });
  if (!record || record.deletedAt) {
    // The callback can beat the installation.created webhook: ask GitHub.
    const installation = await fetchInstallation(id);
    if (!installation) throw new ConnectError("installation_not_found");
    record = await recordInstallation(id, installation.accountLogin, installation.suspendedAt);
  }
  if (record.tenantId !== null && record.tenantId !== actor.tenantId) throw new ConnectError("linked_elsewhere");
  const other = await db.githubAppInstallation.findFirst({
    where: { tenantId: actor.tenantId, deletedAt: null, NOT: { installationId: id } },
  });
  if (other) throw new ConnectError("already_connected");

  // Conditional on still being unlinked (or ours): two tenants racing cannot both win.
  const { count } = await db.githubAppInstallation.updateMany({
    where: { installationId: id, deletedAt: null, OR: [{ tenantId: null }, { tenantId: actor.tenantId }] },
    data: { tenantId: actor.tenantId, linkedAt: new Date(), linkedByUserId: actor.userId },
  });
  if (count === 0) throw new ConnectError("linked_elsewhere");
}
