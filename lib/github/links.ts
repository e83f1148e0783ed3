/**
 * Links into a repository, built from the repository's html_url as the API
 * returns it, so they work on github.com and GitHub Enterprise Server alike.
 */
export function splitRepository(fullName: string): { owner: string; repo: string } {
  const [owner = "", repo = ""] = fullName.split("/");
  return { owner, repo };
}

export function commitUrl(repositoryUrl: string | null, sha: string | null): string | null {
  return repositoryUrl && sha ? `${repositoryUrl}/commit/${sha}` : null;
}

export function fileUrl(repositoryUrl: string | null, ref: string | null, path: string): string | null {
  if (!repositoryUrl || !ref) return null;
  return `${repositoryUrl}/blob/${ref}/${path.split("/").map(encodeURIComponent).join("/")}`;
}

/** A file at a commit, at a line when known (GitHub scrolls to `#L<line>`). */
export function fileLineUrl(repositoryUrl: string | null, sha: string | null, path: string, line?: number) {
  const url = fileUrl(repositoryUrl, sha, path);
  return url && line ? `${url}#L${line}` : url;
}

/**
 * The installation's settings page on GitHub (repository access, suspend, uninstall): under the
 * user's settings, or the organization's. `webUrl` is GitHub's web origin (GitHub Enterprise too).
 */
export function installationSettingsUrl(
  webUrl: string,
  installation: { id: string; accountLogin: string; accountType: "User" | "Organization" },
): string {
  const owner =
    installation.accountType === "Organization"
      ? `/organizations/${encodeURIComponent(installation.accountLogin)}`
      : "";
  return `${webUrl}${owner}/settings/installations/${installation.id}`;
}
