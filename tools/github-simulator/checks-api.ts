import type { CheckRunInput } from "./check-run-input";
import type { Context, Route } from "./http";
import type { Repository } from "./model";
import { pullRequestObject } from "./pull-request-payloads";
import { requirePermission } from "./permissions";
import { json, notFound, type Reply } from "./reply";
import { fileEntry, paginate, withRepo } from "./rest-api";

/** GitHub lists at most 3,000 files of a pull request. */
const PULL_FILES_LIMIT = 3000;

const unprocessable = (message: string, documentation: string): Reply =>
  json(422, { message, documentation_url: `https://docs.github.com/rest/${documentation}`, status: "422" });

/** A route that needs a permission of the calling installation (403 "Resource not accessible by integration"). */
const needs =
  (name: string, level: "read" | "write", handler: (ctx: Context, repo: Repository) => Promise<Reply> | Reply) =>
  (ctx: Context) =>
    requirePermission(ctx, name, level) ?? withRepo(handler)(ctx);

function checkRunOf(ctx: Context, repo: Repository) {
  const run = ctx.sim.checkRuns.byId.get(Number(ctx.params.id));
  return run && run.repositoryId === repo.id ? run : null;
}

const input = (ctx: Context) => JSON.parse(ctx.body.toString() || "{}") as CheckRunInput;

/** The pull request and check run routes of the REST API; listed before rest-api.ts's `commits/{ref+}`. */
export const checksRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/pulls/{number}",
    handler: needs("pull_requests", "read", (ctx, repo) => {
      const pr = ctx.sim.pulls.find(repo, Number(ctx.params.number));
      return pr ? json(200, pullRequestObject(ctx.sim.payloads, repo, pr)) : notFound();
    }),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/pulls/{number}/files",
    handler: needs("pull_requests", "read", async (ctx, repo) => {
      const pr = ctx.sim.pulls.find(repo, Number(ctx.params.number));
      if (!pr) return notFound();
      const mergeBase = (await repo.git.mergeBase(pr.baseSha, pr.headSha)) ?? pr.baseSha;
      const files = (await repo.git.diff(mergeBase, pr.headSha)).slice(0, PULL_FILES_LIMIT);
      const { page, headers } = paginate(ctx, files);
      return json(
        200,
        page.map((f) => fileEntry(ctx, repo, pr.headSha, f)),
        headers,
      );
    }),
  },
  {
    method: "POST",
    pattern: "/repos/{owner}/{repo}/check-runs",
    handler: needs("checks", "write", async (ctx, repo) => {
      const body = input(ctx);
      if (typeof body.head_sha === "string" && !(await repo.git.readCommit(body.head_sha)))
        return unprocessable(`No commit found for SHA: ${body.head_sha}`, "checks/runs#create-a-check-run");
      const created = ctx.sim.checkRuns.create(repo, ctx.sim.app.id, body, new Date(ctx.sim.now()));
      if ("error" in created) return unprocessable(created.error, "checks/runs#create-a-check-run");
      return json(201, ctx.sim.checkRunViews.object(repo, created.run));
    }),
  },
  {
    method: "PATCH",
    pattern: "/repos/{owner}/{repo}/check-runs/{id}",
    handler: needs("checks", "write", (ctx, repo) => {
      const run = checkRunOf(ctx, repo);
      if (!run) return notFound();
      const updated = ctx.sim.checkRuns.update(run, input(ctx), new Date(ctx.sim.now()));
      if ("error" in updated) return unprocessable(updated.error, "checks/runs#update-a-check-run");
      return json(200, ctx.sim.checkRunViews.object(repo, updated.run));
    }),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/check-runs/{id}",
    handler: needs("checks", "read", (ctx, repo) => {
      const run = checkRunOf(ctx, repo);
      return run ? json(200, ctx.sim.checkRunViews.object(repo, run)) : notFound();
    }),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/check-runs/{id}/annotations",
    handler: needs("checks", "read", (ctx, repo) => {
      const run = checkRunOf(ctx, repo);
      if (!run) return notFound();
      const { page, headers } = paginate(
        ctx,
        run.annotations.map((a) => ({
          ...a,
          start_column: a.start_column ?? null,
          end_column: a.end_column ?? null,
          title: a.title ?? null,
          raw_details: a.raw_details ?? null,
          blob_href: `${ctx.sim.url}/${repo.owner.login}/${repo.name}/blob/${run.headSha}/${a.path}`,
        })),
      );
      return json(200, page, headers);
    }),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/commits/{ref}/check-runs",
    handler: needs("checks", "read", async (ctx, repo) => {
      const sha = await repo.git.resolveCommit(ctx.params.ref!);
      if (!sha) return unprocessable(`No commit found for SHA: ${ctx.params.ref}`, "checks/runs");
      const query = ctx.url.searchParams;
      let runs = ctx.sim.checkRuns.onCommit(repo, sha);
      if (query.get("check_name")) runs = runs.filter((r) => r.name === query.get("check_name"));
      if (query.get("status")) runs = runs.filter((r) => r.status === query.get("status"));
      // filter=latest (the default): the most recent run of each name.
      if (query.get("filter") !== "all") runs = runs.filter((r, i) => runs.findIndex((o) => o.name === r.name) === i);
      const { page, headers } = paginate(ctx, runs);
      return json(
        200,
        { total_count: runs.length, check_runs: page.map((r) => ctx.sim.checkRunViews.object(repo, r)) },
        headers,
      );
    }),
  },
];
