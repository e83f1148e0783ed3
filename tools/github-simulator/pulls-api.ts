import type { Context, Route } from "./http";
import { requirePermission } from "./permissions";
import { pullRequestObject } from "./pull-request-payloads";
import { json } from "./reply";
import { paginate, withRepo } from "./rest-api";

/**
 * Creating and listing pull requests (https://docs.github.com/en/rest/pulls/pulls): `POST /pulls`
 * needs `pull_requests: write`, opens the pull request as the app's bot and delivers
 * `pull_request.opened`; `GET /pulls` filters by `state`, `head` (`owner:branch`) and `base`.
 */
const body = <T>(ctx: Context) => JSON.parse(ctx.body.toString() || "{}") as T;

export const pullsRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/repos/{owner}/{repo}/pulls",
    handler: (ctx) =>
      requirePermission(ctx, "pull_requests", "write") ??
      withRepo(async (c, repo) => {
        const input = body<{ head?: string; base?: string; title?: string; body?: string; draft?: boolean }>(c);
        const head = (input.head ?? "").replace(new RegExp(`^${repo.owner.login}:`, "i"), "");
        try {
          const { pr } = await c.sim.openPullRequest(`${repo.owner.login}/${repo.name}`, {
            head,
            base: input.base,
            title: input.title ?? "",
            body: input.body,
            draft: input.draft,
            user: c.sim.appBot().login,
          });
          return json(201, pullRequestObject(c.sim.payloads, repo, pr));
        } catch (error) {
          return json(422, {
            message: "Validation Failed",
            errors: [{ resource: "PullRequest", code: "custom", message: (error as Error).message }],
            documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
            status: "422",
          });
        }
      })(ctx),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/pulls",
    handler: (ctx) =>
      requirePermission(ctx, "pull_requests", "read") ??
      withRepo((c, repo) => {
        const state = c.url.searchParams.get("state") ?? "open";
        const head = c.url.searchParams.get("head");
        const base = c.url.searchParams.get("base");
        const pulls = c.sim.pulls
          .list(repo)
          .filter((pr) => state === "all" || pr.state === state)
          .filter((pr) => !head || `${repo.owner.login}:${pr.head}`.toLowerCase() === head.toLowerCase())
          .filter((pr) => !base || pr.base === base)
          .slice()
          .reverse();
        const { page, headers } = paginate(c, pulls);
        return json(
          200,
          page.map((pr) => pullRequestObject(c.sim.payloads, repo, pr)),
          headers,
        );
      })(ctx),
  },
];
