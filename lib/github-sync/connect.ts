import { assertAdmin, type Actor } from "../auth/actor";
import { AppError } from "../errors";
import { GITHUB_NOT_CONFIGURED } from "../github/app";
import { loadGithubConfig } from "../github/config";
import { createInstallState } from "./install-state";

/** Where "Connect GitHub Repository" sends the admin: GitHub's install page with a sealed state. */
export async function startConnect(actor: Actor): Promise<string> {
  assertAdmin(actor);
  const github = await loadGithubConfig();
  if (!github) throw new AppError("unavailable", GITHUB_NOT_CONFIGURED);
  const url = new URL(github.appUrl);
  url.searchParams.set("state", await createInstallState(actor));
  return url.toString();
}
