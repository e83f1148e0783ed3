/**
 * GitHub's web host for an API URL: `https://api.github.com` → `https://github.com`;
 * GitHub Enterprise Server's `https://ghe.example.com/api/v3` → `https://ghe.example.com`
 * (the simulator's `/api/v3` too). Used when GITHUB_URL is not set.
 */
export function githubWebUrlFor(apiUrl: string): string {
  const url = new URL(apiUrl);
  const path = url.pathname.replace(/\/+$/, "");
  if (path.endsWith("/api/v3")) return `${url.origin}${path.slice(0, -"/api/v3".length)}`;
  if (url.hostname.startsWith("api.") && (path === "" || path === "/"))
    return `${url.protocol}//${url.host.slice("api.".length)}`;
  return url.origin;
}
