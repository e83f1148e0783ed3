/** Checks that only apply to `npm start` (production): defaults that are fine locally are holes there. */

export type EnvMode = "production" | "development";

type Get = (name: string) => string | undefined;

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

/** http://localhost, 127.x.x.x or [::1]: only this machine can reach it. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const { hostname } = new URL(url);
    return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
  } catch {
    return false;
  }
}

export const OAUTH_HOWTO =
  "enable “Request user authorization (OAuth) during installation” on the GitHub App's settings page, then set GITHUB_APP_CLIENT_ID (its Client ID) and GITHUB_APP_CLIENT_SECRET (a client secret generated there)";

/** Problems and warnings that depend on the mode and on APP_URL being loopback. */
export function modeProblems(get: Get, mode: EnvMode, appUrl: string, githubConfigured: boolean, oauth: boolean) {
  const problems: string[] = [];
  const warnings: string[] = [];
  const loopback = isLoopbackUrl(appUrl);

  const skipOwnership = get("ALLEGRO_INSECURE_SKIP_INSTALL_OWNERSHIP") === "1";
  const apiUrl = get("GITHUB_API_URL") ?? "https://api.github.com";
  if (skipOwnership && githubConfigured && !isLoopbackUrl(apiUrl)) {
    problems.push(
      `ALLEGRO_INSECURE_SKIP_INSTALL_OWNERSHIP is only allowed against the GitHub simulator on a loopback GITHUB_API_URL (got ${apiUrl}): remove it and ${OAUTH_HOWTO}`,
    );
  } else if (skipOwnership && !loopback) {
    problems.push(
      `ALLEGRO_INSECURE_SKIP_INSTALL_OWNERSHIP is only allowed for development against the GitHub simulator on a loopback APP_URL (got ${appUrl}): remove it and ${OAUTH_HOWTO}`,
    );
  } else if (skipOwnership) {
    warnings.push(
      "ALLEGRO_INSECURE_SKIP_INSTALL_OWNERSHIP=1: installations are linked WITHOUT proof that the installer can access them (development only)",
    );
  }
  if (mode === "production" && githubConfigured && !oauth && !skipOwnership) {
    problems.push(
      `GITHUB_APP_CLIENT_ID and GITHUB_APP_CLIENT_SECRET are not set, so nobody can prove they may link an installation: ${OAUTH_HOWTO}`,
    );
  }
  const inngestDev = mode === "production" && checkInngest(get, loopback, appUrl, problems, warnings);
  // What is allowed only because APP_URL is loopback must not be reachable from elsewhere: npm start binds 127.0.0.1.
  const loopbackOnly = mode === "production" && (inngestDev || skipOwnership);
  return { problems, warnings, skipOwnership, loopbackOnly };
}

/**
 * INNGEST_DEV turns off the SDK's signature checks on /api/inngest: only for a loopback-only server.
 * Returns whether INNGEST_DEV is on.
 */
function checkInngest(get: Get, loopback: boolean, appUrl: string, problems: string[], warnings: string[]): boolean {
  const dev = get("INNGEST_DEV");
  if (dev && dev !== "0" && dev !== "false") {
    if (loopback) {
      warnings.push(
        "INNGEST_DEV is set: /api/inngest does not check Inngest's signatures (allowed in production only because APP_URL is a loopback address)",
      );
    } else {
      problems.push(
        `INNGEST_DEV must not be set in production (APP_URL ${appUrl} is not a loopback address): it turns off the signature check of /api/inngest. Remove it and set INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY`,
      );
    }
    return true;
  }
  for (const name of ["INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY"]) {
    if (!get(name))
      problems.push(`${name} is not set: production needs Inngest's keys (Inngest Cloud or self-hosted, see README)`);
  }
  return false;
}
