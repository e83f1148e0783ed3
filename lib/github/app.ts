import { getEnv } from "../env";
import { AppError } from "../errors";
import { createGithubApp } from "./octokit";

type Mode = "interactive" | "job";

export const GITHUB_NOT_CONFIGURED = "The GitHub App is not configured on this server.";
const cached = new Map<Mode, ReturnType<typeof createGithubApp>>();

/**
 * The process-wide GitHub App (it caches installation tokens), or a clear error
 * when not configured. Jobs get one without in-process retries: Inngest retries
 * their steps instead, waiting for GitHub's reset time on rate limits.
 */
export function getGithubApp(mode: Mode = "interactive") {
  const config = getEnv().github;
  if (!config) throw new AppError("unavailable", GITHUB_NOT_CONFIGURED);
  let app = cached.get(mode);
  if (!app) {
    app = createGithubApp(config, mode === "job" ? { retries: false, requestTimeoutMs: 30_000 } : {});
    cached.set(mode, app);
  }
  return app;
}
