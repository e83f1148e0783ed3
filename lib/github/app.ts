import { getEnv } from "../env";
import { AppError } from "../errors";
import { createGithubApp } from "./octokit";

let cached: ReturnType<typeof createGithubApp> | undefined;

/** The process-wide GitHub App (it caches installation tokens), or a clear error when not configured. */
export function getGithubApp() {
  const config = getEnv().github;
  if (!config) throw new AppError("conflict", "The GitHub App is not configured on this server.");
  cached ??= createGithubApp(config);
  return cached;
}
