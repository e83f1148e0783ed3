import { RequestError } from "@octokit/request-error";
import { loadGithubApp } from "../github/app";
import { loadGithubConfig } from "../github/config";
import { configuredOctokit } from "../github/octokit";
import { ConnectError } from "./connect-errors";

/**
 * GET /app/installations/{id} with the app's JWT; null when GitHub does not know it. `job`: the
 * App without in-process retries, for the delivery job (Inngest retries its step instead).
 */
export async function fetchInstallation(installationId: bigint, mode: "interactive" | "job" = "interactive") {
  try {
    const { data } = await (
      await loadGithubApp(mode)
    ).octokit.request("GET /app/installations/{installation_id}", {
      installation_id: Number(installationId),
    });
    const account = data.account as { login?: string; slug?: string; type?: string; avatar_url?: string } | null;
    return {
      accountLogin: account?.login ?? account?.slug ?? "",
      accountType: account?.type === "Organization" ? ("Organization" as const) : ("User" as const),
      avatarUrl: account?.avatar_url ?? null,
      suspendedAt: data.suspended_at ? new Date(data.suspended_at) : null,
      permissions: data.permissions as Record<string, string>,
    };
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return null;
    throw new ConnectError("github_unavailable");
  }
}

/**
 * Proves the signed-in person can access the installation: exchange the OAuth
 * `code` GitHub added to the redirect for a user token, and require the
 * installation among GET /user/installations. This is what defeats a forged
 * installation_id (GitHub's docs warn the Setup URL's id can be spoofed).
 * Returns the installation's account login, or null when not proven.
 */
export async function accessibleInstallation(
  code: string,
  installationId: bigint,
): Promise<{ account: string } | null> {
  const app = await loadGithubApp();
  let token: string;
  try {
    token = (await app.oauth.createToken({ code })).authentication.token;
  } catch {
    return null;
  }
  const UserOctokit = configuredOctokit((await loadGithubConfig())!);
  const user = new UserOctokit({ auth: token });
  const installations = await user.paginate("GET /user/installations", { per_page: 100 });
  const found = installations.find((installation) => BigInt(installation.id) === installationId);
  if (!found) return null;
  const account = found.account as { login?: string; slug?: string } | null;
  return { account: account?.login ?? account?.slug ?? "" };
}

export async function oauthConfigured(): Promise<boolean> {
  const github = await loadGithubConfig();
  return Boolean(github?.clientId && github.clientSecret);
}

export async function installationClient(installationId: bigint, mode: "interactive" | "job" = "interactive") {
  return (await loadGithubApp(mode)).getInstallationOctokit(Number(installationId));
}
