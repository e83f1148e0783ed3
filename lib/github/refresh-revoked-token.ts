import type { Octokit } from "@octokit/core";

/** The token cache @octokit/auth-app shares between an App and its installation clients. */
type TokenCache = { get(key: string): unknown; delete?(key: string): void };
type InstallationAuth = { installationId?: number | string; cache?: TokenCache };
type Failed = { status?: number; request?: { headers?: Record<string, string | undefined> } };

/**
 * An installation token GitHub answers with 401 (revoked, or cached across a suspension
 * until it expires) is dropped from the cache and fetched again, once, for every caller of
 * this installation client: the request is then repeated with the new token. Of several
 * callers that failed with the same token, only the first drops it (the others find a
 * newer token in the cache), so the token is fetched once. A second 401 is GitHub's answer.
 */
export function refreshRevokedToken(octokit: Octokit, options: { auth?: unknown }) {
  const auth = (options.auth ?? {}) as InstallationAuth;
  const cache = auth.cache;
  if (auth.installationId === undefined || !cache?.delete) return;
  // @octokit/auth-app keys an installation's token by its id (no permission or repository narrowing here).
  const key = String(auth.installationId);
  octokit.hook.wrap("request", async (request, requestOptions) => {
    try {
      return await request(requestOptions);
    } catch (error) {
      const failed = error as Failed;
      if (failed.status !== 401) throw error;
      const used = failed.request?.headers?.authorization?.replace(/^token\s+/i, "");
      const cached = cache.get(key);
      const cachedToken = typeof cached === "string" ? cached.split("|")[0] : undefined;
      if (used && cachedToken === used) cache.delete!(key);
      return request(requestOptions);
    }
  });
}
