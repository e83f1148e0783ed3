import { RequestError } from "@octokit/request-error";
import { AppError } from "../errors";
import { splitRepository } from "../github/links";
import type { GithubClient } from "../github/octokit";

/**
 * The GitHub calls of a proposal, each one request: the file's blob on a branch, the newest
 * commit that touched it, a branch, a commit through the Contents API (no custom author or
 * committer, so GitHub signs it), the pull request. Failures become AppErrors (githubFailure).
 */

/** The file's blob SHA on `branch`, or null when it does not exist there. */
export async function readFileSha(octokit: GithubClient, repository: string, branch: string, path: string) {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...splitRepository(repository), path, ref: branch });
    return Array.isArray(data) ? "(folder)" : data.sha;
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return null;
    throw githubFailure(error, `reading ${path} on ${branch}`);
  }
}

/** The newest commit on `branch` that touched `path` (the newer change a conflict names). */
export async function lastCommitTouching(octokit: GithubClient, repository: string, branch: string, path: string) {
  try {
    const { data } = await octokit.rest.repos.listCommits({
      ...splitRepository(repository),
      sha: branch,
      path,
      per_page: 1,
    });
    return data[0]?.sha ?? null;
  } catch (error) {
    throw githubFailure(error, `reading the history of ${path}`);
  }
}

export async function createBranch(octokit: GithubClient, repository: string, branch: string, sha: string) {
  try {
    await octokit.rest.git.createRef({ ...splitRepository(repository), ref: `refs/heads/${branch}`, sha });
  } catch (error) {
    throw githubFailure(error, `creating the branch ${branch}`);
  }
}

/** Best effort: a branch left by a proposal that failed half-way is removed again. */
export async function deleteBranch(octokit: GithubClient, repository: string, branch: string) {
  await octokit.rest.git.deleteRef({ ...splitRepository(repository), ref: `heads/${branch}` }).catch(() => {});
}

export type FileWrite = {
  branch: string;
  path: string;
  /** The new text, or null to delete the file. */
  text: string | null;
  /** The blob the branch has now (GitHub refuses a stale one with 409); null for a new file. */
  sha: string | null;
  message: string;
};

/** One commit on `branch`, which GitHub moves forward from its current head (never a force). */
export async function writeFile(octokit: GithubClient, repository: string, write: FileWrite) {
  const where = { ...splitRepository(repository), path: write.path, branch: write.branch, message: write.message };
  try {
    if (write.text === null) {
      const { data } = await octokit.rest.repos.deleteFile({ ...where, sha: write.sha ?? "" });
      return { commitSha: data.commit.sha!, blobSha: null };
    }
    const { data } = await octokit.rest.repos.createOrUpdateFileContents({
      ...where,
      content: Buffer.from(write.text, "utf8").toString("base64"),
      ...(write.sha ? { sha: write.sha } : {}),
    });
    return { commitSha: data.commit.sha!, blobSha: data.content?.sha ?? null };
  } catch (error) {
    if (error instanceof RequestError && (error.status === 409 || error.status === 422)) {
      throw new AppError(
        "conflict",
        `${write.path} changed on ${write.branch} since Allegro last wrote it: reload and try again.`,
        { commit: null },
      );
    }
    throw githubFailure(error, `committing ${write.path}`);
  }
}

export async function openPullRequest(
  octokit: GithubClient,
  repository: string,
  pr: { head: string; base: string; title: string; body: string },
) {
  try {
    const { data } = await octokit.rest.pulls.create({ ...splitRepository(repository), ...pr });
    return { number: data.number, url: data.html_url, headSha: data.head.sha };
  } catch (error) {
    throw githubFailure(error, "opening the pull request");
  }
}

/** GitHub's refusal as the app's error: missing permission 403, rate limit 429, anything else 503. */
export function githubFailure(error: unknown, doing: string): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof RequestError))
    return new AppError("unavailable", `GitHub could not be reached while ${doing}.`);
  const headers = error.response?.headers ?? {};
  if ((error.status === 403 || error.status === 429) && headers["x-ratelimit-remaining"] === "0") {
    const reset = Number(headers["x-ratelimit-reset"]) * 1000;
    return new AppError("rate_limited", `GitHub's rate limit was reached while ${doing}.`, {
      retryAt: new Date(Number.isFinite(reset) ? reset : Date.now() + 60_000).toISOString(),
    });
  }
  if (error.status === 403 && /not accessible/i.test(error.message)) {
    return new AppError(
      "permission_missing",
      `GitHub refused ${doing}: the installation needs Contents and Pull requests write access.`,
      { permissions: ["contents", "pull_requests"] },
    );
  }
  return new AppError("unavailable", `GitHub answered ${error.status} while ${doing}.`);
}
