import { z } from "../../../zod";
import { ignored, processed, type HandlerResult } from "../result";
import type { DeliveryDeps } from "./deps";
import { loggerFor } from "../../../observability/logger";

export const repositorySchema = z.object({
  action: z.string(),
  repository: z.object({ id: z.number(), full_name: z.string(), html_url: z.string(), default_branch: z.string() }),
  installation: z.object({ id: z.number() }).optional(),
  changes: z
    .object({ default_branch: z.object({ from: z.string() }).optional() })
    .loose()
    .optional(),
});

/** The repository actions the app acts on; the route answers the others as ignored without queuing them. */
export const REPOSITORY_ACTIONS = ["renamed", "transferred", "edited"];

/** Runs in the delivery job. */
export async function handleRepository(body: unknown, { db, github }: DeliveryDeps): Promise<HandlerResult> {
  const { action, repository, changes, installation } = repositorySchema.parse(body);
  const where = { repositoryId: BigInt(repository.id), deletedAt: null };
  if (action === "renamed" || action === "transferred") {
    if (!installation) return ignored("no installation to ask GitHub with");
    // Keyed by GitHub's repository id, so syncs follow the repository to its new name,
    // the name GitHub gives for that id now (the payload's is only a nudge).
    const truth = await github.repository(BigInt(installation.id), BigInt(repository.id));
    if (!truth) return ignored(`repository.${action} not confirmed: GitHub does not show this repository`);
    const { count } = await db.githubAppInstallation.updateMany({
      where,
      data: { repository: truth.fullName, repositoryUrl: truth.htmlUrl },
    });
    return count ? processed(`repository is now ${truth.fullName} (per GitHub)`) : ignored("repository is not linked");
  }
  if (action === "edited" && changes?.default_branch) {
    loggerFor("webhook").info(
      { repository: repository.full_name, from: changes.default_branch.from, to: repository.default_branch },
      "default branch changed (the synced branch is unchanged)",
    );
    return processed("default branch change noted");
  }
  return ignored(`repository.${action} is not used`);
}
