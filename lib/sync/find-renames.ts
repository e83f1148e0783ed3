import { RequestError } from "@octokit/request-error";
import type { GithubClient } from "../github/octokit";
import { splitRepository } from "../github/links";
import type { TreeFile } from "./files";
import { classifyGithubError } from "./github";
import type { SyncedTemplate } from "./plan-fetch";

/**
 * When the head has new paths and some synced paths vanished, asks GitHub's
 * compare once (last synced commit...head, with git's rename detection) which
 * new paths are renames of vanished ones, even with edited content. GitHub
 * lists at most 300 files: renames past that are not known here, and apply
 * falls back to the identical-blob rule for them. Returns new path → old path.
 */
export async function findRenames(
  octokit: GithubClient,
  repository: string,
  range: { base: string | null; head: string },
  files: TreeFile[],
  templates: SyncedTemplate[],
): Promise<Map<string, string>> {
  const renames = new Map<string, string>();
  const synced = new Set(templates.map((t) => t.syncSource));
  const present = new Set(files.map(([path]) => path));
  const vanished = new Set(
    templates.filter((t) => !t.deletedAt && !present.has(t.syncSource)).map((t) => t.syncSource),
  );
  const appeared = files.some(([path]) => !synced.has(path));
  if (!range.base || !vanished.size || !appeared) return renames;
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      ...splitRepository(repository),
      basehead: `${range.base}...${range.head}`,
      per_page: 1,
    });
    for (const file of data.files ?? []) {
      const from = file.previous_filename;
      if (
        file.status === "renamed" &&
        from &&
        vanished.has(from) &&
        present.has(file.filename) &&
        !synced.has(file.filename)
      )
        renames.set(file.filename, from);
    }
  } catch (error) {
    // The last synced commit is gone (force push) or unrelated: no renames, the blob rule applies.
    if (error instanceof RequestError && (error.status === 404 || error.status === 422)) return renames;
    throw classifyGithubError(error, "comparing the last synced commit with the head");
  }
  return renames;
}
