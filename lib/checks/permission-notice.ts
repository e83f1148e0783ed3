import type { Db } from "../db/client";
import { liveConnectionOf } from "../github-sync/connection";
import { missingCheckPermissions } from "./permissions";

export type CheckPermissionGap = { missing: string[]; installationSettingsUrl: string };

/** Where an installation's permissions are accepted on GitHub (github.com or GitHub Enterprise Server). */
export function installationSettingsUrl(
  webUrl: string,
  installation: { installationId: bigint; accountLogin: string | null; accountType: string | null },
) {
  const base = webUrl.replace(/\/+$/, "");
  return installation.accountType === "Organization" && installation.accountLogin
    ? `${base}/organizations/${encodeURIComponent(installation.accountLogin)}/settings/installations/${installation.installationId}`
    : `${base}/settings/installations/${installation.installationId}`;
}

/** The check permissions the organization's installation lacks, or null when checks can run (or nothing is connected). */
export async function findCheckPermissionGap(
  db: Db,
  tenantId: bigint,
  webUrl: string,
): Promise<CheckPermissionGap | null> {
  const record = await db.githubAppInstallation.findFirst({
    where: liveConnectionOf(tenantId),
    select: { installationId: true, accountLogin: true, accountType: true, permissions: true },
  });
  if (!record) return null;
  const missing = missingCheckPermissions(record.permissions);
  return missing.length ? { missing, installationSettingsUrl: installationSettingsUrl(webUrl, record) } : null;
}
