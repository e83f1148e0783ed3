import { z } from "../zod";
import { assertAdmin, type Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { recordReconnect } from "../history/record-connection";
import { ConnectError } from "./connect-errors";
import { getEnv } from "../env";
import { accessibleInstallation, fetchInstallation, oauthConfigured } from "./github-access";
import { sealInstallConfirmation } from "./install-confirm";
import { liveConnectionOf } from "./connection";
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

/** GitHub's OAuth redirect after "Reconnect" (no setup_action): our state names the installation. */
const reconnectQuerySchema = z.object({ state: z.string().min(1), code: z.string().min(1) });

export const SETTINGS = "/settings/github-sync";

/** Handles GET /github/callback for a signed-in actor; returns where to send the browser. */
export async function handleSetupCallback(query: Record<string, string>, actor: Actor): Promise<string> {
  if (query.setup_action === undefined) return reconnect(query, actor);
  const parsed = setupQuerySchema.safeParse(query);
  if (!parsed.success) throw new ConnectError("bad_request");
  const setup = parsed.data;
  assertAdmin(actor);

  switch (setup.setup_action) {
    case "request":
      return `${SETTINGS}?notice=requested`;
    case "update":
      // With our state this is "Connect" on an account where the app is already installed.
      if (!setup.state) return updatedOnGithub(actor, BigInt(setup.installation_id), setup.code);
      await linkInstall(actor, BigInt(setup.installation_id), setup.state, setup.code);
      return `${SETTINGS}?notice=installed`;
    case "install":
      if (!setup.state) return askToConfirm(actor, BigInt(setup.installation_id), setup.code);
      await linkInstall(actor, BigInt(setup.installation_id), setup.state, setup.code);
      return `${SETTINGS}?notice=installed`;
  }
}

/**
 * No state: an owner approved a request (GitHub drops our state), or someone sent
 * this admin their own install redirect. Never link here: ask the admin to connect
 * again with a fresh state, naming the account GitHub's OAuth answer gives.
 */
async function askToConfirm(actor: Actor, id: bigint, code: string | undefined): Promise<string> {
  if (!(await oauthConfigured()) || !code) throw new ConnectError("approval_needs_reconnect");
  const access = await accessibleInstallation(code, id);
  if (!access) throw new ConnectError("installation_refused");
  const seal = await sealInstallConfirmation(actor, { installationId: id.toString(), account: access.account });
  return `${SETTINGS}?confirm=${encodeURIComponent(seal)}`;
}

/**
 * A change made on GitHub (no state of ours). An organization that is not connected is
 * usually reconnecting an installation that still exists: offer to link it (askToConfirm).
 */
async function updatedOnGithub(actor: Actor, id: bigint, code: string | undefined): Promise<string> {
  const connected = await getDb().githubAppInstallation.findFirst({ where: liveConnectionOf(actor.tenantId) });
  if (connected || !code || !(await oauthConfigured())) return `${SETTINGS}?notice=updated`;
  return askToConfirm(actor, id, code);
}

/** "Reconnect": the state (ours, single use) names the installation; the OAuth code proves access to it. */
async function reconnect(query: Record<string, string>, actor: Actor): Promise<string> {
  const parsed = reconnectQuerySchema.safeParse(query);
  if (!parsed.success) throw new ConnectError("bad_request");
  assertAdmin(actor);
  const { installationId } = await consumeInstallState(parsed.data.state, actor);
  if (installationId === null) throw new ConnectError("bad_request");
  await proveAccess(installationId, parsed.data.code);
  await linkProven(actor, installationId);
  return `${SETTINGS}?notice=reconnected`;
}

/** The Setup URL's installation_id can be forged: only OAuth proves the installer can access it. */
async function proveAccess(id: bigint, code: string | undefined) {
  if (await oauthConfigured()) {
    if (!code) throw new ConnectError("oauth_missing");
    if (!(await accessibleInstallation(code, id))) throw new ConnectError("installation_refused");
  } else if (!getEnv().insecureSkipInstallOwnership) {
    throw new ConnectError("ownership_unverifiable");
  }
}

async function linkInstall(actor: Actor, id: bigint, state: string, code: string | undefined) {
  const { installationId } = await consumeInstallState(state, actor);
  // A reconnect state links its own installation only.
  if (installationId !== null && installationId !== id) throw new ConnectError("installation_refused");
  await proveAccess(id, code);
  await linkProven(actor, id);
}

/** Links an installation whose access was proven, unless it belongs to another organization. */
async function linkProven(actor: Actor, id: bigint) {
  const db = getDb();
  let record = await db.githubAppInstallation.findUnique({ where: { installationId: id } });
  if (!record || record.deletedAt) {
    // The callback can beat the installation.created webhook: ask GitHub.
    const installation = await fetchInstallation(id);
    if (!installation) throw new ConnectError("installation_refused");
    record = await recordInstallation(id, installation.accountLogin, installation.suspendedAt, installation);
  }
  if (record.tenantId !== null && record.tenantId !== actor.tenantId) throw new ConnectError("installation_refused");
  const other = await db.githubAppInstallation.findFirst({
    where: { tenantId: actor.tenantId, deletedAt: null, NOT: { installationId: id } },
  });
  if (other) throw new ConnectError("already_connected");

  // Conditional on still being unlinked (or ours): two tenants racing cannot both win.
  const now = new Date();
  const linked = await db.$transaction(async (tx) => {
    const { count } = await tx.githubAppInstallation.updateMany({
      where: { installationId: id, deletedAt: null, OR: [{ tenantId: null }, { tenantId: actor.tenantId }] },
      data: { tenantId: actor.tenantId, linkedAt: now, linkedByUserId: actor.userId, previousTenantId: null },
    });
    // Templates a disconnect handed back get the reconnect on their timeline.
    if (count > 0) await recordReconnect(tx, { tenantId: actor.tenantId, userId: actor.userId, now });
    return count > 0;
  });
  if (!linked) throw new ConnectError("installation_refused");
}
