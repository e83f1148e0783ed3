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
