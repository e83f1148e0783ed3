import { assertAdmin, type Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { getEnv } from "../env";
import { commitUrl, fileUrl } from "../github/links";
import { findWaitingRequests, type WaitingRequests } from "../sync/outbox";
import { parseSyncErrors, type SyncFileError } from "../sync/results";
import { findConnection, requireInstalled, type ConnectionState } from "./connection";
import { disconnectInstallation } from "./installations";

export type { ConnectionState };

export type SyncSettings = {
  state: ConnectionState;
  /** Shown to people when the connection cannot sync: why, and what to do. */
  reason: string | null;
  /** Whether installs are verified with OAuth (GITHUB_APP_CLIENT_ID/SECRET set). */
  verifiedInstalls: boolean;
  /** OAuth off but ALLEGRO_INSECURE_SKIP_INSTALL_OWNERSHIP set (loopback development only). */
  insecureInstalls: boolean;
  missingVariables: string[];
  /** Sync requests accepted but not yet taken by the background job service. */
  waiting: WaitingRequests | null;
  connection: null | {
    installationId: string;
    accountLogin: string | null;
    repository: string | null;
    repositoryUrl: string | null;
    branch: string | null;
    folder: string;
    lastSyncAt: string | null;
    lastSyncHash: string | null;
    commitUrl: string | null;
    lastSyncErrors: (SyncFileError & { url: string | null })[];
    brokenReason: string | null;
    suspendedAt: string | null;
  };
};

/** What Settings → GitHub Sync shows; admins only. Links are built from the repository's html_url (GHES-safe). */
export async function getSyncSettings(actor: Actor): Promise<SyncSettings> {
  assertAdmin(actor);
  const env = getEnv();
  const { state, reason, record } = await findConnection(getDb(), actor.tenantId, env.github !== null);
  const base = {
    state,
    reason,
    verifiedInstalls: Boolean(env.github?.clientId),
    insecureInstalls: !env.github?.clientId && env.insecureSkipInstallOwnership,
    missingVariables: env.githubMissing,
    waiting: await findWaitingRequests(getDb(), actor.tenantId, new Date()),
  };
  if (!record || state === "not_configured") return { ...base, connection: null };

  const at = record.lastSyncHash ?? record.defaultBranch;
  return {
    ...base,
    connection: {
      installationId: record.installationId.toString(),
      accountLogin: record.accountLogin,
      repository: record.repository,
      repositoryUrl: record.repositoryUrl,
      branch: record.defaultBranch,
      folder: record.folder ?? "",
      lastSyncAt: record.lastSyncAt?.toISOString() ?? null,
      lastSyncHash: record.lastSyncHash,
      commitUrl: commitUrl(record.repositoryUrl, record.lastSyncHash),
      lastSyncErrors: parseSyncErrors(record.lastSyncErrors).map((e) => ({
        ...e,
        url: fileUrl(record.repositoryUrl, at, e.path),
      })),
      brokenReason: record.brokenReason,
      suspendedAt: record.suspendedAt?.toISOString() ?? null,
    },
  };
}

/** Disconnect GitHub Sync for the actor's organization (templates are kept and become editable). */
export async function disconnectTenant(actor: Actor): Promise<void> {
  assertAdmin(actor);
  const connection = await findConnection(getDb(), actor.tenantId);
  // Any live connection can be disconnected, suspended or broken ones included.
  const record = connection.record ?? requireInstalled(connection).record;
  await getDb().$transaction((tx) => disconnectInstallation(tx, record));
}
