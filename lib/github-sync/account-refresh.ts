import type { Db } from "../db/client";
import { fetchInstallation } from "./github-access";
import { grantData } from "./installations";

/** How long the stored account details (type, avatar) are used before they are read again. */
export const ACCOUNT_FRESH_MS = 10 * 60_000;

/** Whether the connection's stored account details are old enough to read again from GitHub. */
export function accountNeedsRefresh(record: { accountCheckedAt: Date | null }, now = new Date()): boolean {
  return !record.accountCheckedAt || now.getTime() - record.accountCheckedAt.getTime() > ACCOUNT_FRESH_MS;
}

/**
 * Reads the installation's account (login, type, avatar, permissions) from GitHub and stores it
 * with the connection. Run after the settings page's response, never before it: the page shows
 * what is stored. A failure keeps the stored details (the next view tries again).
 */
export async function refreshInstallationAccount(db: Db, installationId: bigint): Promise<boolean> {
  const installation = await fetchInstallation(installationId).catch(() => null);
  if (!installation) return false;
  const { count } = await db.githubAppInstallation.updateMany({
    where: { installationId, deletedAt: null },
    data: {
      ...grantData(installation),
      ...(installation.accountLogin ? { accountLogin: installation.accountLogin } : {}),
    },
  });
  return count > 0;
}
