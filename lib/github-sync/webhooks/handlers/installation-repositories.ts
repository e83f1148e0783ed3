import { z } from "../../../zod";
import { noteConnectionOf } from "../../../notifications/transitions";
import { ignored, processed, type HandlerResult } from "../result";
import type { DeliveryDeps } from "./deps";

const repo = z.object({ id: z.number(), full_name: z.string() });
export const installationRepositoriesSchema = z.object({
  action: z.string(),
  installation: z.object({ id: z.number(), account: z.object({ login: z.string() }).nullable() }),
  repositories_added: z.array(repo),
  repositories_removed: z.array(repo),
});

/**
 * Runs in the delivery job. Both directions are nudges: the linked repository is marked broken
 * only when GitHub says the installation cannot see it, and healed only when GitHub says it can.
 */
export async function handleInstallationRepositories(
  body: unknown,
  { db, github }: DeliveryDeps,
): Promise<HandlerResult> {
  const { action, installation, repositories_added, repositories_removed } = installationRepositoriesSchema.parse(body);
  const record = await db.githubAppInstallation.findFirst({
    where: { installationId: BigInt(installation.id), deletedAt: null },
  });
  if (!record?.repositoryId) return ignored("no linked repository for this installation");
  const linked = (list: z.infer<typeof repo>[]) => list.find((r) => BigInt(r.id) === record.repositoryId);

  if (action === "removed") {
    const removed = linked(repositories_removed);
    if (!removed) return ignored("the linked repository is unaffected");
    if (await github.repository(BigInt(installation.id), record.repositoryId))
      return ignored("removal not confirmed: GitHub says the installation can still access the linked repository");
    const reason = `The repository ${removed.full_name} was removed from the GitHub App installation on ${installation.account?.login ?? "GitHub"}. Give the app access to it again on GitHub, or choose another repository.`;
    await db.$transaction(async (tx) => {
      await tx.githubAppInstallation.update({ where: { id: record.id }, data: { brokenReason: reason } });
      await noteConnectionOf(tx, record.installationId);
    });
    return processed("connection marked broken: linked repository removed");
  }
  if (action === "added" && record.brokenReason && linked(repositories_added)) {
    if (!(await github.repository(BigInt(installation.id), record.repositoryId)))
      return ignored("addition not confirmed: GitHub says the installation cannot access the linked repository");
    // Only the broken state this row had when read: a newer reason written meanwhile stays.
    await db.$transaction(async (tx) => {
      const { count } = await tx.githubAppInstallation.updateMany({
        where: { id: record.id, brokenReason: record.brokenReason },
        data: { brokenReason: null },
      });
      if (count) await noteConnectionOf(tx, record.installationId);
    });
    return processed("linked repository is accessible again (per GitHub)");
  }
  return ignored(`installation_repositories.${action}: nothing to do`);
}
