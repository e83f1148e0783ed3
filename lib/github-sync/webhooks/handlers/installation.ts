import { z } from "../../../zod";
import { disconnectInstallation, recordInstallation, refreshInstallationGrants } from "../../installations";
import { noteConnectionOf, noteUninstalled } from "../../../notifications/transitions";
import { ignored, processed, type HandlerResult } from "../result";
import type { DeliveryDeps } from "./deps";

export const installationSchema = z.object({
  action: z.string(),
  installation: z.object({
    id: z.number(),
    account: z.object({ login: z.string(), avatar_url: z.url().optional() }).nullable(),
    suspended_at: z.string().nullable().optional(),
    permissions: z.record(z.string(), z.string()).optional(),
    target_type: z.string().optional(),
  }),
});

/** The installation actions the app acts on; the route answers the others as ignored without queuing them. */
export const INSTALLATION_ACTIONS = ["created", "deleted", "suspend", "unsuspend", "new_permissions_accepted"];

/**
 * Runs in the delivery job. Every action but the first `created` of an installation is a nudge:
 * what GitHub reports for the installation now is what is stored, so a replayed or made-up body
 * changes nothing GitHub does not confirm.
 */
export async function handleInstallation(body: unknown, { db, github }: DeliveryDeps): Promise<HandlerResult> {
  const { action, installation } = installationSchema.parse(body);
  const id = BigInt(installation.id);
  switch (action) {
    case "created": {
      const known = await db.githubAppInstallation.findUnique({ where: { installationId: id }, select: { id: true } });
      if (!known) {
        // A new, unlinked record: linking it later needs the installer's proof (callback.ts).
        await recordInstallation(
          id,
          installation.account?.login ?? "",
          installation.suspended_at ? new Date(installation.suspended_at) : null,
          {
            permissions: installation.permissions,
            accountType: installation.target_type,
            avatarUrl: installation.account?.avatar_url,
          },
        );
        return processed(`installation ${id} recorded`);
      }
      // Known already (a replay, or a reinstall): only what GitHub reports now is stored.
      const truth = await github.installation(id);
      if (!truth) return ignored(`installation.created not confirmed: GitHub does not know installation ${id}`);
      await recordInstallation(id, truth.accountLogin, truth.suspendedAt, truth);
      return processed(`installation ${id} recorded (per GitHub)`);
    }
    case "deleted": {
      // Uninstalled on GitHub: the same effect as Disconnect, once GitHub confirms the installation is gone.
      const record = await db.githubAppInstallation.findFirst({ where: { installationId: id, deletedAt: null } });
      if (!record) return ignored(`installation ${id} is not connected`);
      if (await github.installation(id)) {
        return ignored(`installation.deleted not confirmed: GitHub still has installation ${id}`);
      }
      await db.$transaction(async (tx) => {
        await disconnectInstallation(tx, record);
        await noteUninstalled(tx, record);
      });
      return processed(`installation ${id} removed; its organization's templates are editable again`);
    }
    case "suspend":
    case "unsuspend": {
      const truth = await github.installation(id);
      if (!truth) return ignored(`GitHub does not know installation ${id}`);
      const count = await db.$transaction(async (tx) => {
        const { count } = await tx.githubAppInstallation.updateMany({
          where: { installationId: id, deletedAt: null },
          data: { suspendedAt: truth.suspendedAt },
        });
        await noteConnectionOf(tx, id);
        return count;
      });
      const state = truth.suspendedAt ? "suspended" : "active";
      if (!count) return ignored(`installation ${id} is not known`);
      return truth.suspendedAt === null && action === "suspend"
        ? ignored(`installation.suspend not confirmed: GitHub says installation ${id} is active`)
        : processed(`installation ${id} is ${state} (per GitHub)`);
    }
    case "new_permissions_accepted": {
      const truth = await github.installation(id);
      if (!truth) return ignored(`GitHub does not know installation ${id}`);
      if (!(await refreshInstallationGrants(id, truth))) return ignored(`installation ${id} is not known`);
      return processed(`installation ${id} permissions refreshed (per GitHub)`);
    }
    default:
      return ignored(`installation.${action} is not used`);
  }
}
