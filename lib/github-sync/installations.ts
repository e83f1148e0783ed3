import { getDb } from "../db/client";
import { Prisma } from "../db/generated/client.ts";
import { recordDisconnect } from "../history/record-connection";
import { noteConnectionOf } from "../notifications/transitions";

type Tx = Prisma.TransactionClient;

/**
 * Records an installation GitHub told us about (webhook or API). A soft-deleted
 * record is revived unlinked; a live one only gets its account refreshed, so a
 * late `installation.created` never unlinks what the callback already linked.
 */
export async function recordInstallation(
  installationId: bigint,
  accountLogin: string,
  suspendedAt: Date | null = null,
  grants: InstallationGrants = {},
) {
  const db = getDb();
  const details = grantData(grants);
  return db.$transaction(async (tx) => {
    // The callback and the delivery job can record the same new installation at once: one insert
    // wins, the other finds its row (locked until the winner commits) and updates it.
    const inserted = await tx.$executeRaw`
      INSERT INTO github_app_installations (installation_id, account_login, suspended_at, updated_at)
      VALUES (${installationId}, ${accountLogin}, ${suspendedAt}, now())
      ON CONFLICT (installation_id) DO NOTHING`;
    const existing = await tx.githubAppInstallation.findUniqueOrThrow({ where: { installationId } });
    if (inserted) return tx.githubAppInstallation.update({ where: { id: existing.id }, data: details });
    if (existing.deletedAt) {
      return tx.githubAppInstallation.update({
        where: { id: existing.id },
        data: { ...CLEARED, accountLogin, suspendedAt, deletedAt: null, ...details },
      });
    }
    return tx.githubAppInstallation.update({ where: { id: existing.id }, data: { accountLogin, ...details } });
  });
}

/** What GitHub says the installation may do, and whether its account is an organization or a user. */
export type InstallationGrants = {
  permissions?: Record<string, string> | null;
  accountType?: string | null;
  /** From a read of GET /app/installations/{id}: stored so the settings page never waits on GitHub for it. */
  avatarUrl?: string | null;
};

export const grantData = ({ permissions, accountType, avatarUrl }: InstallationGrants) => ({
  ...(permissions ? { permissions } : {}),
  ...(accountType ? { accountType } : {}),
  ...(avatarUrl !== undefined ? { accountAvatarUrl: avatarUrl, accountCheckedAt: new Date() } : {}),
});

/** installation.new_permissions_accepted (and any fresh read of the installation): store what GitHub reports. */
export async function refreshInstallationGrants(installationId: bigint, grants: InstallationGrants) {
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.githubAppInstallation.updateMany({
      where: { installationId, deletedAt: null },
      data: grantData(grants),
    });
    await noteConnectionOf(tx, installationId);
    return count > 0;
  });
}

/** Everything that ties an installation record to a tenant and a repository. */
const CLEARED = {
  tenantId: null,
  repository: null,
  repositoryId: null,
  repositoryUrl: null,
  defaultBranch: null,
  folder: null,
  lastSyncAt: null,
  lastSyncHash: null,
  lastSyncErrors: Prisma.DbNull,
  lastSyncErrorCount: 0,
  heldSyncHash: null,
  deleteConfirmedHash: null,
  brokenReason: null,
  linkedAt: null,
  linkedByUserId: null,
} satisfies Prisma.GithubAppInstallationUncheckedUpdateInput;

/**
 * Disconnect, as documented: in one transaction, soft-delete the installation
 * record, clear its GitHub fields, and make the tenant's synced templates
 * editable again (sync_source and sync_sha removed). No template is deleted; each
 * one's timeline gets the disconnect (lib/history), by `userId` when a person did it.
 * Each template keeps its path and the repository's id (`detached_*`), which only
 * a later sync of the same repository reads, to adopt it instead of copying it.
 */
export async function disconnectInstallation(
  tx: Tx,
  record: { id: bigint; tenantId: bigint | null },
  now = new Date(),
  userId: bigint | null = null,
) {
  const { repositoryId, installationId } = await tx.githubAppInstallation.findUniqueOrThrow({
    where: { id: record.id },
    select: { repositoryId: true, installationId: true },
  });
  // The branch head read for this connection (lib/sync/branch-head.ts) goes with it.
  await tx.branchHeadEtag.deleteMany({ where: { installationId } });
  await tx.githubAppInstallation.update({
    where: { id: record.id },
    data: { ...CLEARED, deletedAt: now, previousTenantId: record.tenantId },
  });
  if (record.tenantId !== null) {
    await recordDisconnect(tx, { tenantId: record.tenantId, userId, now });
    await tx.$executeRaw`
      UPDATE templates SET detached_source = sync_source, detached_repository_id = ${repositoryId},
        sync_source = NULL, sync_sha = NULL
      WHERE tenant_id = ${record.tenantId} AND sync_source IS NOT NULL`;
  }
}
