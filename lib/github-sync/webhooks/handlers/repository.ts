import { z } from "zod";
import { getDb } from "../../../db/client";
import { ignored, processed, type HandlerResult } from "../result";

const schema = z.object({
  action: z.string(),
  repository: z.object({ id: z.number(), full_name: z.string(), html_url: z.string(), default_branch: z.string() }),
  changes: z
    .object({ default_branch: z.object({ from: z.string() }).optional() })
    .loose()
    .optional(),
});

export async function handleRepository(body: unknown): Promise<HandlerResult> {
  const { action, repository, changes } = schema.parse(body);
  const db = getDb();
  const where = { repositoryId: BigInt(repository.id), deletedAt: null };
  if (action === "renamed" || action === "transferred") {
    // Keyed by GitHub's repository id, so syncs follow the repository to its new name.
    const { count } = await db.githubAppInstallation.updateMany({
      where,
      data: { repository: repository.full_name, repositoryUrl: repository.html_url },
    });
    return count ? processed(`repository is now ${repository.full_name}`) : ignored("repository is not linked");
  }
  if (action === "edited" && changes?.default_branch) {
    console.info(
      `[github-webhook] ${repository.full_name} default branch ${changes.default_branch.from} → ${repository.default_branch} (the synced branch is unchanged)`,
    );
    return processed("default branch change noted");
  }
  return ignored(`repository.${action} is not used`);
}
