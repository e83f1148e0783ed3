import type { Prisma } from "../db/generated/client.ts";
import { getEnv } from "../env";
import { MAX_ERRORS, type NotificationData } from "./events";

type Tx = Prisma.TransactionClient;

export type FileError = { path: string; message: string; line?: number; column?: number };

export const settingsUrl = () => `${getEnv().appUrl}/settings/github-sync`;

/** The webhook body's `data` for an organization: its name, linked repository and branch, and what happened. */
export async function notificationData(
  tx: Tx,
  tenantId: bigint,
  details: {
    commit?: string | null;
    run?: { id: bigint | string; status: string } | null;
    errors?: FileError[];
    message?: string | null;
    connection?: { repository: string | null; defaultBranch: string | null } | null;
  },
): Promise<NotificationData> {
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } });
  const connection =
    details.connection ??
    (await tx.githubAppInstallation.findFirst({
      where: { tenantId, deletedAt: null },
      select: { repository: true, defaultBranch: true },
    }));
  return {
    organization: { id: tenantId.toString(), name: tenant.name },
    repository: connection?.repository ?? null,
    branch: connection?.defaultBranch ?? null,
    commit: details.commit ?? null,
    run: details.run ? { id: details.run.id.toString(), status: details.run.status } : null,
    errors: (details.errors ?? []).slice(0, MAX_ERRORS).map(({ path, message, line, column }) => ({
      path,
      message,
      ...(line !== undefined ? { line } : {}),
      ...(column !== undefined ? { column } : {}),
    })),
    message: details.message ?? null,
    settings_url: settingsUrl(),
  };
}
