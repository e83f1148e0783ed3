import type { Octokit } from "@octokit/core";

/** The token cache @octokit/auth-app shares between an App and its installation clients. */
type TokenCache = { get(key: string): unknown; delete?(key: string): void };
type InstallationAuth = { installationId?: number | string; cache?: TokenCache };

/**
 * An installation token GitHub answers with 401 (revoked, or cached across a suspension
 * until it expires) is dropped from the cache and fetched again, once, for every caller of
 * this installation client: the request is then repeated with the new token. Of several
 * callers that failed with the same token, only the first drops it (the others find it
 * gone or replaced), so the token is fetched once. A 401 on a token fetched for this very
 * request (none was cached) or a second 401 is GitHub's answer, passed to the caller.
 */
export function refreshRevokedToken(octokit: Octokit, options: { auth?: unknown }) {
  const auth = (options.auth ?? {}) as InstallationAuth;
  const cache = auth.cache;
  if (auth.installationId === undefined || !cache?.delete) return;
  // @octokit/auth-app keys an installation's token by its id (no permission or repository narrowing here).
  const key = String(auth.installationId);
  const cachedToken = () => {
    const value = cache.get(key);
    return typeof value === "string" ? value.split("|")[0] : undefined;
  };
  octokit.hook.wrap("request", async (request, requestOptions) => {
    // The token this request will use, if one is cached (GitHub's error redacts it).
    const used = cachedToken();
    try {
      return await request(requestOptions);
    } catch (error) {
      if ((error as { status?: number }).status !== 401 || used === undefined) throw error;
      // Still the token that failed: drop it. Another caller may have replaced it already.
      if (cachedToken() === used) cache.delete!(key);
      return request(requestOptions);
    }
  });
}
