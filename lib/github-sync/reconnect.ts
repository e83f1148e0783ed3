import { assertAdmin, type Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { getEnv } from "../env";
import { loadGithubConfig } from "../github/config";
import { AppError } from "../errors";
import { fetchInstallation, oauthConfigured } from "./github-access";
import { readInstallConfirmation } from "./install-confirm";
import { createInstallState } from "./install-state";

export type ReconnectOffer = { installationId: string; account: string; avatarUrl: string | null };

/**
 * After a disconnect, the installation this organization had, when it still exists on GitHub
 * and nobody else linked it: offered as "Reconnect", which needs the same OAuth proof as a
 * fresh install (so the offer reveals nothing the admin could not already see in Allegro).
 */
export async function findReconnectOffer(actor: Actor): Promise<ReconnectOffer | null> {
  assertAdmin(actor);
  if (!(await oauthConfigured())) return null;
  const record = await getDb().githubAppInstallation.findFirst({
    where: { previousTenantId: actor.tenantId, tenantId: null },
    orderBy: { updatedAt: "desc" },
  });
  if (!record) return null;
  const installation = await fetchInstallation(record.installationId).catch(() => null);
  if (!installation) return null;
  return {
    installationId: record.installationId.toString(),
    account: installation.accountLogin || record.accountLogin || "",
    avatarUrl: installation.avatarUrl,
  };
}

/**
 * Where "Reconnect" sends the admin: GitHub's OAuth authorization (no install page: the
 * installation exists) with a sealed single-use state that names the installation. GitHub
 * returns to /github/callback with a code, which proves the admin can access it.
 * `confirmation` is the sealed offer the callback made after a change on GitHub.
 */
export async function startReconnect(actor: Actor, confirmation?: string): Promise<string> {
  assertAdmin(actor);
  const env = getEnv();
  const github = await loadGithubConfig();
  if (!github?.clientId || !(await oauthConfigured()))
    throw new AppError("unavailable", "Reconnecting needs OAuth (GITHUB_APP_CLIENT_ID and GITHUB_APP_CLIENT_SECRET).");
  const id = confirmation
    ? (await readInstallConfirmation(confirmation, actor))?.installationId
    : (await findReconnectOffer(actor))?.installationId;
  if (!id) throw new AppError("not_found", "There is no installation to reconnect. Use “Connect GitHub Repository”.");
  const url = new URL("/login/oauth/authorize", github.webUrl);
  url.searchParams.set("client_id", github.clientId);
  url.searchParams.set("redirect_uri", `${env.appUrl}/github/callback`);
  url.searchParams.set("state", await createInstallState(actor, Date.now(), BigInt(id)));
  return url.toString();
}
