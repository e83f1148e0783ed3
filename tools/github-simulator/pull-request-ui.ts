import { formBody, seeOther } from "./html";
import type { Context, Route } from "./http";
import type { Repository } from "./model";
import { checkRunView, compareView, pullListView, pullView } from "./pull-request-views";
import { problemView } from "./repository-views";

/**
 * Pull requests in the browser, at GitHub's URLs: `/<owner>/<repo>/pulls`, `/compare` (open one),
 * `/pull/<n>` (files changed, the head's check runs with annotations, Merge), `/runs/<id>` and its
 * Re-run. Everything goes through the simulator's own methods, so the webhooks are delivered.
 */
const notFoundPage = () => problemView(404, "Not Found", "No such repository, pull request or check run.");
const repoOf = (ctx: Context): Repository | undefined => ctx.sim.findRepository(ctx.params.owner!, ctx.params.repo!);
const fullName = (repo: Repository) => `${repo.owner.login}/${repo.name}`;
const failed = (error: unknown) =>
  problemView(422, "Not possible", error instanceof Error ? error.message : String(error));

export const pullRequestRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/{owner}/{repo}/pulls",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return repo ? pullListView(repo, ctx.sim.pulls.list(repo)) : notFoundPage();
    },
  },
  {
    method: "GET",
    pattern: "/{owner}/{repo}/compare",
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      if (!repo) return notFoundPage();
      const branches = (await repo.git.branches()).map((b) => b.name);
      const base = ctx.url.searchParams.get("base") ?? repo.defaultBranch;
      const head = ctx.url.searchParams.get("head") ?? branches.find((b) => b !== base) ?? base;
      return compareView(repo, branches, { base, head });
    },
  },
  {
    method: "POST",
    pattern: "/{owner}/{repo}/pulls",
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      if (!repo) return notFoundPage();
      const form = formBody(ctx);
      try {
        const { pr } = await ctx.sim.openPullRequest(fullName(repo), {
          base: form.get("base") ?? undefined,
          head: form.get("head") ?? "",
          title: form.get("title") ?? "",
          body: form.get("body") || undefined,
        });
        return seeOther(`/${fullName(repo)}/pull/${pr.number}`);
      } catch (error) {
        return failed(error);
      }
    },
  },
  {
    method: "GET",
    pattern: "/{owner}/{repo}/pull/{number}",
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const pr = repo && ctx.sim.pulls.find(repo, Number(ctx.params.number));
      if (!repo || !pr) return notFoundPage();
      const mergeBase = (await repo.git.mergeBase(pr.baseSha, pr.headSha)) ?? pr.baseSha;
      const files = await repo.git.diff(mergeBase, pr.headSha);
      const patch = await repo.git.git(["diff", "--no-color", "-M", mergeBase, pr.headSha]);
      const commits = [];
      for (const sha of await repo.git.commitsBetween(mergeBase, pr.headSha))
        commits.push((await repo.git.readCommit(sha))!);
      return pullView({ repo, pr, runs: ctx.sim.checkRuns.onCommit(repo, pr.headSha), files, patch, commits });
    },
  },
  {
    method: "POST",
    pattern: "/{owner}/{repo}/pull/{number}/merge",
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      if (!repo) return notFoundPage();
      try {
        await ctx.sim.mergePullRequest(fullName(repo), Number(ctx.params.number));
      } catch (error) {
        return failed(error);
      }
      return seeOther(`/${fullName(repo)}/pull/${ctx.params.number}`);
    },
  },
  {
    method: "GET",
    pattern: "/{owner}/{repo}/runs/{id}",
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const run = ctx.sim.checkRuns.byId.get(Number(ctx.params.id));
      return repo && run && run.repositoryId === repo.id ? checkRunView(repo, run) : notFoundPage();
    },
  },
  {
    method: "POST",
    pattern: "/{owner}/{repo}/runs/{id}/rerequest",
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const run = ctx.sim.checkRuns.byId.get(Number(ctx.params.id));
      if (!repo || !run || run.repositoryId !== repo.id) return notFoundPage();
      await ctx.sim.rerequestCheckRun(run.id);
      const pr = ctx.sim.pulls.list(repo).find((p) => p.state === "open" && p.headSha === run.headSha);
      return seeOther(pr ? `/${fullName(repo)}/pull/${pr.number}` : `/${fullName(repo)}/runs/${run.id}`);
    },
  },
];
