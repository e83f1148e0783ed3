import { App } from "@octokit/app";
import { Octokit as OctokitCore } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { restEndpointMethods } from "@octokit/plugin-rest-endpoint-methods";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import type { GithubConfig } from "../env";
import { observeRequests } from "./observe-requests";
import { refreshRevokedToken } from "./refresh-revoked-token";

/** @octokit/app's default Octokit is the bare core: compose what we use. */
export const GithubOctokit = OctokitCore.plugin(
  restEndpointMethods,
  paginateRest,
  retry,
  throttling,
  refreshRevokedToken,
  observeRequests,
);
export type GithubClient = InstanceType<typeof GithubOctokit>;

export type OctokitOptions = {
  /**
   * In-process retries of 5xx and rate limits. Off for durable jobs, where
   * Inngest's step retries (with GitHub's reset time) replace them, and in tests.
   */
  retries?: boolean;
  requestTimeoutMs?: number;
};

/** The one place an Octokit is configured: base URL, user agent, retry and throttling policy. */
export function configuredOctokit(
  config: GithubConfig,
  { retries = true, requestTimeoutMs = 15_000 }: OctokitOptions = {},
) {
  return GithubOctokit.defaults({
    baseUrl: config.apiUrl,
    userAgent: "allegro-template-sync",
    // A hung connection becomes an error the caller can retry, instead of a stuck request.
    request: {
      fetch: (input: RequestInfo | URL, init?: RequestInit) =>
        fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(requestTimeoutMs) }),
    },
    retry: { enabled: retries, retries: retries ? 3 : 0 },
    throttle: {
      enabled: retries,
      onRateLimit: (_retryAfter: number, _options: object, _octokit: unknown, retryCount: number) => retryCount < 1,
      onSecondaryRateLimit: (_retryAfter: number, _options: object, _octokit: unknown, retryCount: number) =>
        retryCount < 1,
    },
  });
}

/** The GitHub App (JWT, installation tokens, OAuth), on the configured Octokit. */
export function createGithubApp(config: GithubConfig, options: OctokitOptions = {}) {
  const Octokit = configuredOctokit(config, options);
  return new App({
    appId: config.appId,
    privateKey: config.privateKey,
    webhooks: { secret: config.webhookSecret },
    ...(config.clientId && config.clientSecret
      ? { oauth: { clientId: config.clientId, clientSecret: config.clientSecret } }
      : {}),
    Octokit,
  });
}
