import type { Db, Prisma } from "../db/client";
import { AppError } from "../errors";
import { GITHUB_NOT_CONFIGURED } from "../github/app";

/**
 * The one answer to "can this organization's connection sync, and if not,
 * why?", used by the push handler, the sync job, Sync Now, reconcile, the
 * settings page and the repository picker.
 */
export type ConnectionState =
  "not_configured" | "not_connected" | "no_repository" | "connected" | "suspended" | "broken";

export type InstallationRecord = NonNullable<Awaited<ReturnType<Db["githubAppInstallation"]["findFirst"]>>>;

export type Connection = {
  state: ConnectionState;
  /** Shown to people: what is wrong and what to do about it (null when the connection can sync). */
  reason: string | null;
  /** Short, for webhook answers and logs. */
  summary: string;
  record: InstallationRecord | null;
};

/** A connection that can sync: linked, repository and branch chosen, not suspended, not broken. */
export type SyncableConnection = Connection & {
  state: "connected";
  record: InstallationRecord & { tenantId: bigint; repository: string; defaultBranch: string };
};

/** Live and linked: the database allows one such row per organization (a partial unique index). */
const LIVE_CONNECTION = {
  deletedAt: null,
  tenantId: { not: null },
} satisfies Prisma.GithubAppInstallationWhereInput;

/** The organization's live connection row, as a query filter. */
export const liveConnectionOf = (tenantId: bigint) =>
  ({ tenantId, deletedAt: null }) satisfies Prisma.GithubAppInstallationWhereInput;

/** The rows `describeConnection` calls "connected", as a query filter. */
export const SYNCABLE_CONNECTION = {
  ...LIVE_CONNECTION,
  repository: { not: null },
  defaultBranch: { not: null },
  suspendedAt: null,
  brokenReason: null,
} satisfies Prisma.GithubAppInstallationWhereInput;

/** The fields of an installation row that decide its connection's state. */
export type ConnectionFields = Pick<
  InstallationRecord,
  "tenantId" | "deletedAt" | "suspendedAt" | "brokenReason" | "repository" | "defaultBranch" | "repositoryId"
>;

function describeConnection(record: InstallationRecord | null, configured = true): Connection {
  return { ...connectionStateOf(record, configured), record };
}

/** The state, summary and reason of a connection, from the fields that decide them. */
export function connectionStateOf(record: ConnectionFields | null, configured = true): Omit<Connection, "record"> {
  const is = (state: ConnectionState, summary: string, reason: string | null) => ({ state, summary, reason });
  if (!configured) return is("not_configured", "GitHub App is not configured", GITHUB_NOT_CONFIGURED);
  if (!record || record.deletedAt || record.tenantId === null) {
    return is(
      "not_connected",
      "installation is not connected to an organization",
      "GitHub Sync is not connected for this organization.",
    );
  }
  if (record.suspendedAt) {
    return is(
      "suspended",
      "installation is suspended",
      "The GitHub App installation is suspended on GitHub; syncs resume when it is unsuspended there.",
    );
  }
  if (record.brokenReason) return is("broken", "connection is broken", record.brokenReason);
  if (!record.repository || !record.defaultBranch || record.repositoryId === null) {
    return is("no_repository", "no repository chosen yet", "Choose the repository to sync in Settings → GitHub Sync.");
  }
  return is("connected", "connected", null);
}

/** The organization's live connection, described. */
export async function findConnection(db: Db, tenantId: bigint, configured = true): Promise<Connection> {
  const record = await db.githubAppInstallation.findFirst({ where: liveConnectionOf(tenantId) });
  return describeConnection(record, configured);
}

/** The connection a GitHub installation is linked to, described. */
export async function findConnectionByInstallation(
  db: Db | Prisma.TransactionClient,
  installationId: bigint,
): Promise<Connection> {
  const record = await db.githubAppInstallation.findFirst({ where: { installationId, deletedAt: null } });
  return describeConnection(record);
}

export function isSyncable(connection: Connection): connection is SyncableConnection {
  return connection.state === "connected";
}

/** For actions that need a syncable connection: the connection, or an AppError carrying its reason. */
export function requireSyncable(connection: Connection): SyncableConnection {
  if (isSyncable(connection)) return connection;
  throw connectionError(connection);
}

/** For actions that need an installation (choosing a repository): live, linked and not suspended. */
export function requireInstalled(connection: Connection): Connection & { record: InstallationRecord } {
  if (
    connection.record &&
    (connection.state === "no_repository" || connection.state === "connected" || connection.state === "broken")
  ) {
    return connection as Connection & { record: InstallationRecord };
  }
  throw connectionError(connection);
}

function connectionError(connection: Connection): AppError {
  const reason = connection.reason ?? connection.summary;
  switch (connection.state) {
    case "not_configured":
      return new AppError("unavailable", reason);
    case "not_connected":
      return new AppError("not_found", reason);
    default:
      return new AppError("conflict", reason);
  }
}
