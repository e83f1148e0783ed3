import { z } from "zod";
import { assertAdmin, type Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { disconnectInstallation, findTenantInstallation } from "./installations";

export type ConnectionState =
  "not_configured" | "not_connected" | "no_repository" | "connected" | "suspended" | "broken";

const syncErrorSchema = z.array(
  z.object({ path: z.string(), message: z.string(), line: z.number().optional(), column: z.number().optional() }),
);

export type SyncSettings = {
  state: ConnectionState;
  /** Whether installs are verified with OAuth (GITHUB_APP_CLIENT_ID/SECRET set). */
  verifiedInstalls: boolean;
  /** OAuth off but ALLEGRO_INSECURE_SKIP_INSTALL_OWNERSHIP set (loopback development only). */
  insecureInstalls: boolean;
  missingVariables: string[];
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
    lastSyncErrors: { path: string; message: string; line?: number; column?: number; url: string | null }[];
    brokenReason: string | null;
    suspendedAt: string | null;
  };
};

/** What Settings → GitHub Sync shows; admins only. Links are built from the repository's html_url (GHES-safe). */
export async function getSyncSettings(actor: Actor): Promise<SyncSettings> {
  assertAdmin(actor);
  const env = getEnv();
  const base = {
    verifiedInstalls: Boolean(env.github?.clientId),
    insecureInstalls: !env.github?.clientId && env.insecureSkipInstallOwnership,
    missingVariables: env.githubMissing,
  };
  if (!env.github) return { ...base, state: "not_configured", connection: null };
  const record = await findTenantInstallation(actor.tenantId);
  if (!record) return { ...base, state: "not_connected", connection: null };

  const errors = syncErrorSchema.safeParse(record.lastSyncErrors ?? []);
  const at = record.lastSyncHash ?? record.defaultBranch;
  const fileUrl = (path: string) =>
    record.repositoryUrl && at
      ? `${record.repositoryUrl}/blob/${at}/${path.split("/").map(encodeURIComponent).join("/")}`
      : null;
  const state: ConnectionState = record.suspendedAt
    ? "suspended"
    : record.brokenReason
      ? "broken"
      : record.repository
        ? "connected"
        : "no_repository";
  return {
    ...base,
    state,
    connection: {
      installationId: record.installationId.toString(),
      accountLogin: record.accountLogin,
      repository: record.repository,
      repositoryUrl: record.repositoryUrl,
      branch: record.defaultBranch,
      folder: record.folder ?? "",
      lastSyncAt: record.lastSyncAt?.toISOString() ?? null,
      lastSyncHash: record.lastSyncHash,
      commitUrl:
        record.repositoryUrl && record.lastSyncHash ? `${record.repositoryUrl}/commit/${record.lastSyncHash}` : null,
      lastSyncErrors: (errors.success ? errors.data : []).map((e) => ({ ...e, url: fileUrl(e.path) })),
      brokenReason: record.brokenReason,
      suspendedAt: record.suspendedAt?.toISOString() ?? null,
    },
  };
}

/** Disconnect GitHub Sync for the actor's organization (templates are kept and become editable). */
export async function disconnectTenant(actor: Actor): Promise<void> {
  assertAdmin(actor);
  const record = await findTenantInstallation(actor.tenantId);
  if (!record) throw new AppError("not_found", "This organization is not connected to GitHub.");
  await getDb().$transaction((tx) => disconnectInstallation(tx, record));
}
