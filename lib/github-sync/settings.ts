import { assertAdmin, type Actor } from "../auth/actor";
import { getDb, type Db } from "../db/client";
import { getEnv } from "../env";
import { loadGithubConfig } from "../github/config";
import { commitUrl, fileLineUrl, installationSettingsUrl } from "../github/links";
import { findWaitingRequests, type WaitingRequests } from "../sync/outbox";
import { MAX_STORED_ERRORS, parseSyncErrors, type SyncFileError } from "../sync/results";
import {
  connectionStateOf,
  findConnection,
  liveConnectionOf,
  requireInstalled,
  type ConnectionState,
  type InstallationRecord,
} from "./connection";
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
    /** The first 100 invalid files of the last sync (the rest are paged from sync_file_problems). */
    lastSyncErrors: (SyncFileError & { url: string | null })[];
    /** How many invalid files the last sync found. */
    lastSyncErrorCount: number;
    brokenReason: string | null;
    suspendedAt: string | null;
  };
};

/** The runs the settings page already loaded for its history (newest first), so they are not read twice. */
export type LoadedRuns = {
  status: string;
  error: string | null;
  createdAt: string;
  commit: string | null;
  commitMessage: string | null;
  commitAuthor: string | null;
}[];

/** What Settings → GitHub Sync shows; admins only. Links are built from the repository's html_url (GHES-safe). */
export async function getSyncSettings(actor: Actor): Promise<SyncSettings> {
  assertAdmin(actor);
  const db = getDb();
  const record = await db.githubAppInstallation.findFirst({ where: liveConnectionOf(actor.tenantId) });
  return readSyncSettings(actor, { db, record });
}

/**
 * The settings from the connection row the page already read (`record`), never asking GitHub:
 * the account's type and avatar are the ones stored with the connection (refreshed in the
 * background by `refreshInstallationAccount`). `runs`, when the page loaded the history, saves
 * reading the latest run and the synced commit's message again.
 */
export async function readSyncSettings(
  actor: Actor,
  {
    db,
    record,
    runs = null,
    now = new Date(),
  }: { db: Db; record: InstallationRecord | null; runs?: LoadedRuns | null; now?: Date },
): Promise<SyncSettings> {
  assertAdmin(actor);
  const env = getEnv();
  const github = await loadGithubConfig().catch(() => null);
  const { state, reason } = connectionStateOf(record, github !== null);
  const base = {
    state,
    reason,
    verifiedInstalls: Boolean(github?.clientId),
    insecureInstalls: !github?.clientId && env.insecureSkipInstallOwnership,
    missingVariables: env.githubMissing,
    waiting: await findWaitingRequests(db, actor.tenantId, now),
  };
  const configureUrl = github ? `${github.webUrl}/apps/${github.slug}/installations/new` : null;
  if (!record || state === "not_configured") return { ...base, configureUrl, connection: null };

  const loadedLast = record.lastSyncHash
    ? runs?.find((run) => run.commit === record.lastSyncHash && run.commitMessage !== null)
    : undefined;
  const [linkedBy, lastRun, latestRun, lastRequest] = await Promise.all([
    record.linkedByUserId
      ? db.user.findUnique({ where: { id: record.linkedByUserId }, select: { name: true } })
      : Promise.resolve(null),
    loadedLast || !record.lastSyncHash
      ? Promise.resolve(loadedLast ?? null)
      : db.syncRun.findFirst({
          where: { tenantId: actor.tenantId, commit: record.lastSyncHash, commitMessage: { not: null } },
          orderBy: { id: "desc" },
          select: { commitMessage: true, commitAuthor: true },
        }),
    runs
      ? Promise.resolve(runs[0] ? { ...runs[0], createdAt: new Date(runs[0].createdAt) } : null)
      : db.syncRun.findFirst({
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
  const accountLogin = record.accountLogin;
  const accountType = record.accountType === "Organization" ? "Organization" : "User";
  return {
    ...base,
    configureUrl:
      accountLogin && github && record.accountType
        ? installationSettingsUrl(github.webUrl, {
            id: record.installationId.toString(),
            accountLogin,
            accountType,
          })
        : configureUrl,
    connection: {
      installationId: record.installationId.toString(),
      accountLogin,
      accountAvatarUrl: record.accountAvatarUrl,
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
      lastSyncErrors: lastSyncErrors.slice(0, MAX_STORED_ERRORS).map((e) => ({
        ...e,
        url: fileLineUrl(record.repositoryUrl, record.lastSyncHash ?? record.defaultBranch, e.path, e.line),
      })),
      lastSyncErrorCount: Math.max(record.lastSyncErrorCount, lastSyncErrors.length),
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
              invalidFiles: Math.max(record.lastSyncErrorCount, lastSyncErrors.length),
              latestRun,
              lastRequestAt: lastRequest?.createdAt ?? null,
              now,
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
  await getDb().$transaction((tx) => disconnectInstallation(tx, record, new Date(), actor.userId));
}
