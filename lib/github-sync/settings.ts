import { assertAdmin, type Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { getEnv } from "../env";
import { loadGithubConfig } from "../github/config";
import { commitUrl, fileLineUrl, installationSettingsUrl } from "../github/links";
import { findWaitingRequests, type WaitingRequests } from "../sync/outbox";
import { parseSyncErrors, type SyncFileError } from "../sync/results";
import { findConnection, requireInstalled, type ConnectionState } from "./connection";
import { fetchInstallation } from "./github-access";
import { disconnectInstallation } from "./installations";
import { syncStatus, type SyncStatus } from "./status";

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
  /** The installation's settings page on GitHub (or the app's install page when the account is unknown). */
  configureUrl: string | null;
  connection: null | {
    installationId: string;
    accountLogin: string | null;
    accountAvatarUrl: string | null;
    linkedAt: string | null;
    linkedBy: string | null;
    /** The last synced commit as the history recorded it. */
    lastCommit: { message: string | null; author: string | null } | null;
    status: SyncStatus | null;
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
  const github = await loadGithubConfig().catch(() => null);
  const { state, reason, record } = await findConnection(getDb(), actor.tenantId, github !== null);
  const base = {
    state,
    reason,
    verifiedInstalls: Boolean(github?.clientId),
    insecureInstalls: !github?.clientId && env.insecureSkipInstallOwnership,
    missingVariables: env.githubMissing,
    waiting: await findWaitingRequests(getDb(), actor.tenantId, new Date()),
  };
  const configureUrl = github ? `${github.webUrl}/apps/${github.slug}/installations/new` : null;
  if (!record || state === "not_configured") return { ...base, configureUrl, connection: null };

  const db = getDb();
  const [installation, linkedBy, lastRun, latestRun, lastRequest] = await Promise.all([
    // The account's type and avatar: GitHub's answer, so a change on GitHub shows at once.
    fetchInstallation(record.installationId).catch(() => null),
    record.linkedByUserId
      ? db.user.findUnique({ where: { id: record.linkedByUserId }, select: { name: true } })
      : Promise.resolve(null),
    record.lastSyncHash
      ? db.syncRun.findFirst({
          where: { tenantId: actor.tenantId, commit: record.lastSyncHash, commitMessage: { not: null } },
          orderBy: { id: "desc" },
          select: { commitMessage: true, commitAuthor: true },
        })
      : Promise.resolve(null),
    db.syncRun.findFirst({
      where: { tenantId: actor.tenantId },
      orderBy: { id: "desc" },
      select: { status: true, error: true, createdAt: true },
    }),
    // Sync Now has its own queued run row already; the other requests get a run when Inngest starts them.
    db.syncOutbox.findFirst({
      where: { tenantId: actor.tenantId, reason: { not: "manual" } },
      orderBy: { id: "desc" },
      select: { createdAt: true },
    }),
  ]);
  const lastSyncErrors = parseSyncErrors(record.lastSyncErrors);
  const accountLogin = installation?.accountLogin || record.accountLogin;
  return {
    ...base,
    configureUrl:
      installation && accountLogin && github
        ? installationSettingsUrl(github.webUrl, {
            id: record.installationId.toString(),
            accountLogin,
            accountType: installation.accountType,
          })
        : configureUrl,
    connection: {
      installationId: record.installationId.toString(),
      accountLogin,
      accountAvatarUrl: installation?.avatarUrl ?? null,
      linkedAt: record.linkedAt?.toISOString() ?? null,
      linkedBy: linkedBy?.name ?? null,
      repository: record.repository,
      repositoryUrl: record.repositoryUrl,
      branch: record.defaultBranch,
      folder: record.folder ?? "",
      lastSyncAt: record.lastSyncAt?.toISOString() ?? null,
      lastSyncHash: record.lastSyncHash,
      commitUrl: commitUrl(record.repositoryUrl, record.lastSyncHash),
      lastCommit: lastRun ? { message: lastRun.commitMessage, author: lastRun.commitAuthor } : null,
      lastSyncErrors: lastSyncErrors.map((e) => ({
        ...e,
        url: fileLineUrl(record.repositoryUrl, record.lastSyncHash ?? record.defaultBranch, e.path, e.line),
      })),
      brokenReason: record.brokenReason,
      suspendedAt: record.suspendedAt?.toISOString() ?? null,
      status:
        state === "connected" || state === "suspended" || state === "broken"
          ? syncStatus({
              state,
              accountLogin,
              brokenReason: record.brokenReason,
              waitingCount: base.waiting?.count ?? 0,
              lastSyncAt: record.lastSyncAt?.toISOString() ?? null,
              invalidFiles: lastSyncErrors.length,
              latestRun,
              lastRequestAt: lastRequest?.createdAt ?? null,
              now: new Date(),
            })
          : null,
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
