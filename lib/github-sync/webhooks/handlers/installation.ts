import { z } from "zod";
import { getDb } from "../../../db/client";
import { fetchInstallation } from "../../github-access";
import { disconnectInstallation, recordInstallation, refreshInstallationGrants } from "../../installations";
import { noteConnectionOf, noteUninstalled } from "../../../notifications/transitions";
import { ignored, processed, type HandlerResult } from "../result";

const schema = z.object({
  action: z.string(),
  installation: z.object({
    id: z.number(),
    account: z.object({ login: z.string() }).nullable(),
    suspended_at: z.string().nullable().optional(),
    permissions: z.record(z.string(), z.string()).optional(),
    target_type: z.string().optional(),
  }),
});

export async function handleInstallation(body: unknown): Promise<HandlerResult> {
  const { action, installation } = schema.parse(body);
  const id = BigInt(installation.id);
  const db = getDb();
  switch (action) {
    case "created":
      await recordInstallation(
        id,
        installation.account?.login ?? "",
        installation.suspended_at ? new Date(installation.suspended_at) : null,
        { permissions: installation.permissions, accountType: installation.target_type },
      );
      return processed(`installation ${id} recorded`);
    case "deleted": {
      // Uninstalled on GitHub: the same effect as Disconnect, once GitHub confirms the installation is gone
      // (a nudge like suspend: a signed but made-up delivery must not disconnect an organization).
      const record = await db.githubAppInstallation.findFirst({ where: { installationId: id, deletedAt: null } });
      if (!record) return ignored(`installation ${id} is not connected`);
      if (await fetchInstallation(id)) {
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
      // A nudge: the suspension GitHub reports for the installation is what is stored.
      const truth = await fetchInstallation(id);
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
      // A nudge like suspend: the permissions GitHub reports for the installation are what is stored.
      const truth = await fetchInstallation(id);
      if (!truth) return ignored(`GitHub does not know installation ${id}`);
      if (!(await refreshInstallationGrants(id, truth))) return ignored(`installation ${id} is not known`);
      return processed(`installation ${id} permissions refreshed (per GitHub)`);
    }
    default:
      return ignored(`installation.${action} is not used`);
  }
}
