import { AppError } from "../errors";
import { currentGithubConfig, loadGithubConfig } from "./config";
import { createGithubApp } from "./octokit";

type Mode = "interactive" | "job";

export const GITHUB_NOT_CONFIGURED = "The GitHub App is not configured on this server.";
const cached = new Map<Mode, { config: object; app: ReturnType<typeof createGithubApp> }>();

/**
 * The process-wide GitHub App (it caches installation tokens), or a clear error
 * when not configured. Jobs get one without in-process retries: Inngest retries
 * their steps instead, waiting for GitHub's reset time on rate limits.
 * It uses the configuration last loaded: call `loadGithubApp` (or `loadGithubConfig`)
 * first where credentials stored by another instance must apply at once.
 */
export function getGithubApp(mode: Mode = "interactive") {
  const config = currentGithubConfig();
  if (!config) throw new AppError("unavailable", GITHUB_NOT_CONFIGURED);
  let entry = cached.get(mode);
  if (!entry || entry.config !== config) {
    entry = {
      config,
      app: createGithubApp(config, mode === "job" ? { retries: false, requestTimeoutMs: 30_000 } : {}),
    };
    cached.set(mode, entry);
  }
  return entry.app;
}

/** `getGithubApp` after looking up the stored credentials' version (another instance may have changed them). */
export async function loadGithubApp(mode: Mode = "interactive") {
  await loadGithubConfig();
  return getGithubApp(mode);
}
