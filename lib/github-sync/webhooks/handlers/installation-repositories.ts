import { z } from "zod";
import { getDb } from "../../../db/client";
import { noteConnectionOf } from "../../../notifications/transitions";
import { ignored, processed, type HandlerResult } from "../result";
import { repositoryAsGithubSeesIt } from "./ask-github";

const repo = z.object({ id: z.number(), full_name: z.string() });
const schema = z.object({
  action: z.string(),
  installation: z.object({ id: z.number(), account: z.object({ login: z.string() }).nullable() }),
  repositories_added: z.array(repo),
  repositories_removed: z.array(repo),
});

export async function handleInstallationRepositories(body: unknown): Promise<HandlerResult> {
  const { action, installation, repositories_added, repositories_removed } = schema.parse(body);
  const db = getDb();
  const record = await db.githubAppInstallation.findFirst({
    where: { installationId: BigInt(installation.id), deletedAt: null },
  });
  if (!record?.repositoryId) return ignored("no linked repository for this installation");
  const linked = (list: z.infer<typeof repo>[]) => list.find((r) => BigInt(r.id) === record.repositoryId);

  if (action === "removed") {
    const removed = linked(repositories_removed);
    if (!removed) return ignored("the linked repository is unaffected");
    if (await repositoryAsGithubSeesIt(BigInt(installation.id), record.repositoryId))
      return ignored("removal not confirmed: GitHub says the installation can still access the linked repository");
    const reason = `The repository ${removed.full_name} was removed from the GitHub App installation on ${installation.account?.login ?? "GitHub"}. Give the app access to it again on GitHub, or choose another repository.`;
    await db.$transaction(async (tx) => {
      await tx.githubAppInstallation.update({ where: { id: record.id }, data: { brokenReason: reason } });
      await noteConnectionOf(tx, record.installationId);
    });
    return processed("connection marked broken: linked repository removed");
  }
  if (action === "added" && record.brokenReason && linked(repositories_added)) {
    await db.$transaction(async (tx) => {
      await tx.githubAppInstallation.update({ where: { id: record.id }, data: { brokenReason: null } });
      await noteConnectionOf(tx, record.installationId);
    });
    return processed("linked repository is accessible again");
  }
  return ignored(`installation_repositories.${action}: nothing to do`);
}
