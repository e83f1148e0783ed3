import type { Db } from "../db/client";
import { installationSettingsUrl } from "../github/links";
import { liveConnectionOf, type InstallationRecord } from "../github-sync/connection";
import { missingCheckPermissions } from "./permissions";

export type CheckPermissionGap = { missing: string[]; installationSettingsUrl: string };

/** The check permissions the organization's installation lacks, or null when checks can run (or nothing is connected). */
export async function findCheckPermissionGap(
  db: Db,
  tenantId: bigint,
  webUrl: string,
  /** The connection row when the caller already read it (the settings page reads it once). */
  loaded?: InstallationRecord | null,
): Promise<CheckPermissionGap | null> {
  const record =
    loaded !== undefined
      ? loaded
      : await db.githubAppInstallation.findFirst({
          where: liveConnectionOf(tenantId),
          select: { installationId: true, accountLogin: true, accountType: true, permissions: true },
        });
  if (!record) return null;
  const missing = missingCheckPermissions(record.permissions);
  if (!missing.length) return null;
  const url = installationSettingsUrl(webUrl.replace(/\/+$/, ""), {
    id: record.installationId.toString(),
    accountLogin: record.accountLogin ?? "",
    accountType: record.accountType === "Organization" && record.accountLogin ? "Organization" : "User",
  });
  return { missing, installationSettingsUrl: url };
}
