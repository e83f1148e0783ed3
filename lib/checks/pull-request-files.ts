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

/** A folder's entries by name, as GitHub listed them (a folder cut at 100,000 entries lacks some). */
type TreeListing = Map<string, { type: string; sha: string; size?: number }>;

/**
 * The size of each file in `paths` at commit `headSha`, read from the trees of their folders
 * (one non-recursive tree per folder on the way down, each answered once), so nothing is
 * downloaded to learn it. A path missing from its folder's listing (GitHub cut a folder of
 * over 100,000 entries) has no size.
 */
async function sizesAt(octokit: GithubClient, repository: string, headSha: string, paths: string[]) {
  const listings = new Map<string, Promise<TreeListing | null>>();
  const list = (dir: string): Promise<TreeListing | null> => {
    let listing = listings.get(dir);
    if (!listing) {
      listing = (async () => {
        let treeSha = headSha; // GitHub resolves a commit SHA to its tree
        if (dir) {
          const slash = dir.lastIndexOf("/");
          const parent = await list(slash < 0 ? "" : dir.slice(0, slash));
          const entry = parent?.get(dir.slice(slash + 1));
          if (!entry || entry.type !== "tree") return null;
          treeSha = entry.sha;
        }
        const { data } = await octokit.rest.git.getTree({ ...splitRepository(repository), tree_sha: treeSha });
        return new Map(data.tree.map((e) => [e.path ?? "", { type: e.type ?? "", sha: e.sha ?? "", size: e.size }]));
      })();
      listings.set(dir, listing);
    }
    return listing;
  };
  const sizes = new Map<string, number>();
  for (const path of paths) {
    const slash = path.lastIndexOf("/");
    const listing = await list(slash < 0 ? "" : path.slice(0, slash));
    const size = listing?.get(path.slice(slash + 1))?.size;
    if (size !== undefined) sizes.set(path, size);
  }
  return sizes;
}

const sizeUnknown: ValidatedFile = {
  ok: false,
  problem: {
    message:
      "GitHub did not list this file's size (its folder has more entries than GitHub lists), so it was not downloaded.",
  },
};

/**
 * What the pull request changes under the folder (GitHub's pull request files API, 100 a page,
 * at most 3,000 files), each new or changed `.json` validated exactly as the sync validates it.
 * Sizes come first, from the head commit's trees: a file over the size limit is never
 * downloaded, so a pull request of huge files costs no memory. The others are downloaded by
 * blob SHA, a few at a time.
 */
export async function readChangedFiles(
  octokit: GithubClient,
  repository: string,
  pullNumber: number,
  headSha: string,
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
  const toRead = changed.filter((f) => f.status !== "removed" && isTemplatePath(f.path, folder));
  let sizes: Map<string, number>;
  try {
    sizes = await sizesAt(
      octokit,
      repository,
      headSha,
      toRead.map((f) => f.path),
    );
  } catch (error) {
    throw classifyGithubError(error, `listing the files of commit ${headSha.slice(0, 7)}`);
  }
  const toFetch: ChangedFile[] = [];
  for (const file of toRead) {
    const size = sizes.get(file.path);
    if (size === undefined) file.result = sizeUnknown;
    else if (size > maxFileBytes) file.result = tooLarge(size, maxFileBytes);
    else toFetch.push(file);
  }
  let next = 0;
  const worker = async () => {
    while (next < toFetch.length) {
      const file = toFetch[next++]!;
      try {
        const { data } = await octokit.rest.git.getBlob({ ...splitRepository(repository), file_sha: file.sha });
        // Checked again: the size the blob declares is the one validated.
        file.result = validateTemplateFile(Buffer.from(data.content, "base64"), maxFileBytes);
      } catch (error) {
        throw classifyGithubError(error, `downloading ${file.path}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, toFetch.length) }, worker));
  return changed;
}
