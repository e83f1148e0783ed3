import type { Db } from "../db/client";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { loadGithubConfig } from "../github/config";
import { buildManifest, manifestFormAction, type ManifestRequest } from "./manifest";
import { createSetupState } from "./setup-state";

/**
 * What "Create GitHub App" posts: GitHub's new-App page (with a single-use state in its query)
 * and the manifest, built from APP_URL. Refused while an App is configured (forget it first) and,
 * in production, without the key that will encrypt its secrets.
 */
export async function startSetup(db: Db, request: ManifestRequest): Promise<{ action: string; manifest: string }> {
  const env = getEnv();
  if (env.github)
    throw new AppError(
      "conflict",
      "The GitHub App comes from environment variables (GITHUB_APP_ID …): they win over setup.",
    );
  if (await loadGithubConfig(db))
    throw new AppError(
      "conflict",
      "A GitHub App is stored already: Forget stored credentials first to create another.",
    );
  if (!env.encryptionKey)
    throw new AppError(
      "unavailable",
      "ALLEGRO_ENCRYPTION_KEY is not set: it encrypts the App's secrets in the database. Generate it with `openssl rand -base64 32` and restart.",
    );
  const state = await createSetupState(db);
  return {
    action: manifestFormAction(env.githubHost.webUrl, request, state),
    manifest: JSON.stringify(buildManifest(env.appUrl, request.access)),
  };
}
