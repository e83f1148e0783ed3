import { RequestError } from "@octokit/request-error";
import { RetryAfterError } from "inngest";
import type { GithubClient } from "../github/octokit";
import { loggerFor } from "../observability/logger";
import type { SyncDeps } from "./deps";
import { addRequests } from "./run-record";

/** A failure that retrying cannot fix; `breaks` marks the connection broken with the message. */
export class PermanentSyncError extends Error {
  constructor(
    message: string,
    readonly breaks: boolean,
  ) {
    super(message);
    this.name = "PermanentSyncError";
  }
}

/**
 * An installation client that counts the GitHub requests it makes (failed ones included), and
 * of those the ones answered 304 Not Modified, which GitHub does not count against its rate limit.
 */
async function countedClient(deps: SyncDeps, installationId: string) {
  const octokit = await deps.installationClient(installationId);
  const counts = { requests: 0, notModified: 0 };
  octokit.hook.after("request", () => {
    counts.requests++;
  });
  octokit.hook.error("request", (error) => {
    counts.requests++;
    if ((error as { status?: number }).status === 304) counts.notModified++;
    throw error;
  });
  return { octokit, counts };
}

/** Runs `work` with a counted client and adds its requests to the run, whether it succeeds or not. */
export async function withGithub<T>(
  deps: SyncDeps,
  run: { runId: string; installationId: string },
  work: (octokit: GithubClient) => Promise<T>,
): Promise<T> {
  const client = await countedClient(deps, run.installationId);
  try {
    return await work(client.octokit);
  } finally {
    await addRequests(deps, run.runId, client.counts.requests, client.counts.notModified);
  }
}

/**
 * Maps a GitHub failure to what the job should do: wait for the reset GitHub
 * gives on rate limits (RetryAfterError), stop on what retries cannot fix
 * (PermanentSyncError), and retry everything else (5xx, timeouts, network).
 */
export function classifyGithubError(error: unknown, doing: string): Error {
  if (!(error instanceof RequestError)) return error instanceof Error ? error : new Error(String(error));
  const headers = error.response?.headers ?? {};
  const url = error.request?.url ?? "";
  if (error.status === 403 || error.status === 429) {
    if (headers["x-ratelimit-remaining"] === "0" && headers["x-ratelimit-reset"]) {
      return new RetryAfterError(
        `GitHub's rate limit was reached while ${doing}`,
        new Date(Number(headers["x-ratelimit-reset"]) * 1000),
      );
    }
    if (headers["retry-after"]) {
      return new RetryAfterError(
        `GitHub's secondary rate limit was hit while ${doing}`,
        new Date(Date.now() + Number(headers["retry-after"]) * 1000),
      );
    }
    if (/suspended/i.test(error.message))
      return new PermanentSyncError("The GitHub App installation is suspended.", false);
  }
  if (error.status === 404) {
    if (url.includes("/access_tokens"))
      return new PermanentSyncError("The GitHub App was uninstalled from the account.", true);
    return new PermanentSyncError(
      `GitHub answered 404 while ${doing}: the repository or branch no longer exists, or the app lost access to it.`,
      true,
    );
  }
  // GitHub's own text (or the network's, which names hosts and ports) goes to the log, not to the run.
  loggerFor("sync").warn({ err: error, status: error.status, doing }, "GitHub request failed");
  return new GithubAnswered(`GitHub answered ${error.status} while ${doing}.`);
}

/** A GitHub answer retries may fix; its message is our own sentence (shown to admins when retries run out). */
export class GithubAnswered extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GithubAnswered";
  }
}
