import type { Db } from "../db/client";
import type { AppEnv } from "../env";
import { readStoredVersion } from "../github/stored-credentials";
import { issueSetupCode } from "./setup-code";

/**
 * What `npm start` says about the GitHub App before the server starts: while none is set up, where
 * to set it up and a fresh setup code (each start prints a new one; all stay valid until setup
 * completes). Refuses to start when credentials are stored but ALLEGRO_ENCRYPTION_KEY is not set.
 */
export async function announceSetup(db: Db, env: AppEnv): Promise<{ lines: string[]; problem: string | null }> {
  if (env.github) return { lines: [], problem: null };
  const stored = (await readStoredVersion(db)) !== null;
  if (stored && !env.encryptionKey)
    return {
      lines: [],
      problem:
        "ALLEGRO_ENCRYPTION_KEY is not set, but GitHub App credentials are stored in the database: set the key they were stored with (or set the GITHUB_APP_* variables instead).",
    };
  if (stored) return { lines: [], problem: null };
  const where = `${env.appUrl}/setup/github`;
  if (env.setupCode)
    return { lines: [`GitHub App not set up yet: open ${where} and enter ALLEGRO_SETUP_CODE`], problem: null };
  const code = await issueSetupCode(db);
  return {
    lines: [`GitHub App not set up yet: open ${where} and enter the setup code ${code} (valid until setup completes)`],
    problem: null,
  };
}
