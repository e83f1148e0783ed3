import type { GithubClient } from "../github/octokit";
import { splitRepository } from "../github/links";
import { tooLarge, validateTemplateFile, type ValidatedFile } from "../sync/files";
import { classifyGithubError } from "../sync/github";

/** A file the pull request changes under the folder, with what validation said of its new content. */
export type ChangedFile = {
  path: string;
  status: "added" | "modified" | "removed" | "renamed" | "copied" | "changed" | "unchanged";
  previousPath: string | null;
  sha: string;
  result: ValidatedFile | null;
};

const FETCH_CONCURRENCY = 8;

export const isTemplatePath = (path: string, folder: string) =>
  path.toLowerCase().endsWith(".json") && path.startsWith(folder ? `${folder}/` : "");

/**
 * What the pull request changes under the folder (GitHub's pull request files API, 100 a page,
 * at most 3,000 files), each new or changed `.json` downloaded by blob SHA and validated exactly
 * as the sync validates it.
 */
export async function readChangedFiles(
  octokit: GithubClient,
  repository: string,
  pullNumber: number,
  folder: string,
  maxFileBytes: number,
): Promise<ChangedFile[]> {
  let listed;
  try {
    listed = await octokit.paginate(octokit.rest.pulls.listFiles, {
      ...splitRepository(repository),
      pull_number: pullNumber,
      per_page: 100,
    });
  } catch (error) {
    throw classifyGithubError(error, `listing the files of pull request #${pullNumber}`);
  }
  const changed: ChangedFile[] = listed
    .filter(
      (f) => isTemplatePath(f.filename, folder) || (f.previous_filename && isTemplatePath(f.previous_filename, folder)),
    )
    .map((f) => ({
      path: f.filename,
      status: f.status,
      previousPath: f.previous_filename ?? null,
      sha: f.sha ?? "",
      result: null,
    }));
  const toFetch = changed.filter((f) => f.status !== "removed" && isTemplatePath(f.path, folder));
  let next = 0;
  const worker = async () => {
    while (next < toFetch.length) {
      const file = toFetch[next++]!;
      try {
        const { data } = await octokit.rest.git.getBlob({ ...splitRepository(repository), file_sha: file.sha });
        const size = data.size ?? 0;
        file.result =
          size > maxFileBytes
            ? tooLarge(size, maxFileBytes)
            : validateTemplateFile(Buffer.from(data.content, "base64"), maxFileBytes);
      } catch (error) {
        throw classifyGithubError(error, `downloading ${file.path}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, toFetch.length) }, worker));
  return changed;
}
