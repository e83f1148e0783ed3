import type { Context, Route } from "./http";
import type { NewPullRequest } from "./pull-requests";
import { json } from "./reply";

/** The control API for pull requests and check runs (`/_simulator/...`), for Playwright and scripts. */
const body = <T>(ctx: Context) => JSON.parse(ctx.body.toString() || "{}") as T;
const full = (ctx: Context) => `${ctx.params.owner}/${ctx.params.repo}`;
const delivered = (deliveries: ({ id: number; status: number | null } | null)[]) =>
  deliveries.map((d) => d && { id: d.id, status: d.status });

export const pullControlRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/_simulator/repositories/{owner}/{repo}/pulls",
    handler: async (ctx) => {
      const { pr, deliveries } = await ctx.sim.openPullRequest(full(ctx), body<NewPullRequest>(ctx));
      return json(201, { number: pr.number, headSha: pr.headSha, deliveries: delivered(deliveries) });
    },
  },
  {
    method: "POST",
    pattern: "/_simulator/repositories/{owner}/{repo}/pulls/{number}/{action}",
    handler: async (ctx) => {
      const number = Number(ctx.params.number);
      const name = full(ctx);
      const actions: Record<string, () => Promise<unknown>> = {
        merge: () => ctx.sim.mergePullRequest(name, number),
        close: () => ctx.sim.closePullRequest(name, number),
        reopen: () => ctx.sim.reopenPullRequest(name, number),
        ready_for_review: () => ctx.sim.readyForReview(name, number),
      };
      const run = actions[ctx.params.action!];
      if (!run) return json(404, { message: `unknown action ${ctx.params.action}` });
      await run();
      return json(200, { ok: true });
    },
  },
  {
    method: "GET",
    pattern: "/_simulator/repositories/{owner}/{repo}/commits/{ref}/check-runs",
    handler: async (ctx) => {
      const repo = ctx.sim.repository(full(ctx));
      const sha = await repo.git.resolveCommit(ctx.params.ref!);
      if (!sha) return json(404, { message: `no commit ${ctx.params.ref}` });
      return json(200, ctx.sim.checkRuns.onCommit(repo, sha));
    },
  },
  {
    method: "POST",
    pattern: "/_simulator/check-runs/{id}/rerequest",
    handler: async (ctx) =>
      json(200, { deliveries: delivered(await ctx.sim.rerequestCheckRun(Number(ctx.params.id))) }),
  },
];
