import type { Fault } from "./faults";
import type { FileChange } from "./git-store";
import type { Context, Route } from "./http";
import { effectivePermissions } from "./permissions";
import type { Permissions } from "./model";
import { json } from "./reply";

/**
 * The simulator's control API over HTTP (`/_simulator/...`), for tests that run
 * in another process (Playwright) and for people trying the product offline.
 * Every call answers with JSON; failures answer 400 with the reason.
 */
const body = <T>(ctx: Context) => JSON.parse(ctx.body.toString() || "{}") as T;
const full = (ctx: Context) => `${ctx.params.owner}/${ctx.params.repo}`;

export const controlRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/_simulator/state",
    handler: ({ sim }) =>
      json(200, {
        app: {
          id: sim.app.id,
          slug: sim.app.slug,
          setupUrl: sim.app.setupUrl,
          webhookUrl: sim.app.webhookUrl,
          oauthOnInstall: sim.oauthOnInstall,
        },
        accounts: [...sim.accounts.values()].map((a) => ({ login: a.login, type: a.type })),
        repositories: [...sim.repositories.values()].map((r) => ({
          id: r.id,
          fullName: `${r.owner.login}/${r.name}`,
          defaultBranch: r.defaultBranch,
        })),
        installations: [...sim.installations.values()].map((i) => ({
          id: i.id,
          account: i.account.login,
          repositorySelection: i.repositorySelection,
          repositories: sim.installationRepositories(i).map((r) => `${r.owner.login}/${r.name}`),
          suspended: Boolean(i.suspendedAt),
          permissions: effectivePermissions(sim.app, i),
        })),
        installRequests: [...sim.installRequests.values()].map((r) => ({
          id: r.id,
          account: r.account.login,
          requester: r.requester.login,
        })),
      }),
  },
  {
    method: "PATCH",
    pattern: "/_simulator/app",
    handler: (ctx) => (ctx.sim.configureApp(body(ctx)), json(200, { ok: true })),
  },
  {
    method: "POST",
    pattern: "/_simulator/accounts",
    handler: (ctx) => {
      const account = ctx.sim.createAccount(body(ctx));
      return json(201, { id: account.id, login: account.login, type: account.type });
    },
  },
  {
    method: "POST",
    pattern: "/_simulator/repositories",
    handler: async (ctx) => {
      const repo = await ctx.sim.createRepository(body(ctx));
      return json(201, {
        id: repo.id,
        fullName: `${repo.owner.login}/${repo.name}`,
        head: await repo.git.branchHead(repo.defaultBranch),
      });
    },
  },
  {
    method: "POST",
    pattern: "/_simulator/repositories/{owner}/{repo}/commits",
    handler: async (ctx) => {
      const input = body<{ branch?: string; changes: FileChange[]; message?: string }>(ctx);
      const result = await ctx.sim.commit(full(ctx), input);
      return json(201, {
        sha: result.sha,
        before: result.before,
        deliveries: result.deliveries.map((d) => d && { id: d.id, status: d.status }),
      });
    },
  },
  {
    method: "POST",
    pattern: "/_simulator/repositories/{owner}/{repo}/branches",
    handler: async (ctx) => {
      const { name, from } = body<{ name: string; from?: string }>(ctx);
      return json(201, { sha: (await ctx.sim.createBranch(full(ctx), name, from)).sha });
    },
  },
  {
    method: "DELETE",
    pattern: "/_simulator/repositories/{owner}/{repo}/branches/{branch+}",
    handler: async (ctx) => (await ctx.sim.deleteBranch(full(ctx), ctx.params.branch!), json(200, { ok: true })),
  },
  {
    method: "POST",
    pattern: "/_simulator/repositories/{owner}/{repo}/rename",
    handler: async (ctx) => (
      await ctx.sim.renameRepository(full(ctx), body<{ name: string }>(ctx).name),
      json(200, { ok: true })
    ),
  },
  {
    method: "POST",
    pattern: "/_simulator/repositories/{owner}/{repo}/transfer",
    handler: async (ctx) => (
      await ctx.sim.transferRepository(full(ctx), body<{ owner: string }>(ctx).owner),
      json(200, { ok: true })
    ),
  },
  {
    method: "POST",
    pattern: "/_simulator/repositories/{owner}/{repo}/default-branch",
    handler: async (ctx) => (
      await ctx.sim.setDefaultBranch(full(ctx), body<{ branch: string }>(ctx).branch),
      json(200, { ok: true })
    ),
  },
  {
    method: "POST",
    pattern: "/_simulator/installations",
    handler: async (ctx) => {
      const { account, repositories } = body<{ account: string; repositories?: "all" | string[] }>(ctx);
      const { installation } = await ctx.sim.install(account, { repositories });
      return json(201, { id: installation.id });
    },
  },
  {
    method: "POST",
    pattern: "/_simulator/installations/{id}/{action}",
    handler: async (ctx) => {
      const id = Number(ctx.params.id);
      const actions: Record<string, () => Promise<unknown>> = {
        suspend: () => ctx.sim.suspend(id),
        unsuspend: () => ctx.sim.unsuspend(id),
        uninstall: () => ctx.sim.uninstall(id),
        repositories: () => ctx.sim.setInstallationRepositories(id, body(ctx)),
        // An installation that has not accepted the permissions the app asks for now, and its owner accepting them.
        permissions: async () =>
          ctx.sim.setInstallationPermissions(id, body<{ permissions: Permissions }>(ctx).permissions),
        "accept-permissions": () => ctx.sim.acceptNewPermissions(id),
      };
      const run = actions[ctx.params.action!];
      if (!run) return json(404, { message: `unknown action ${ctx.params.action}` });
      await run();
      return json(200, { ok: true });
    },
  },
  {
    method: "POST",
    pattern: "/_simulator/install-requests/{id}/approve",
    handler: async (ctx) => {
      const { owner } = body<{ owner: string }>(ctx);
      const { installation, redirectUrl } = await ctx.sim.approveInstallRequest(Number(ctx.params.id), owner);
      return json(200, { installationId: installation.id, redirectUrl });
    },
  },
  {
    method: "POST",
    pattern: "/_simulator/faults",
    handler: (ctx) => (ctx.sim.injectFault(body<Fault>(ctx)), json(201, { ok: true })),
  },
  {
    method: "POST",
    pattern: "/_simulator/latency",
    handler: (ctx) => (ctx.sim.setLatency(body<{ ms: number }>(ctx).ms), json(200, { ok: true })),
  },
  {
    method: "POST",
    pattern: "/_simulator/reset-traffic",
    handler: (ctx) => (ctx.sim.resetTraffic(), json(200, { ok: true })),
  },
  {
    method: "POST",
    pattern: "/_simulator/reset-counters",
    handler: (ctx) => (ctx.sim.traffic.resetCounters(), json(200, { ok: true })),
  },
  { method: "GET", pattern: "/_simulator/counters", handler: (ctx) => json(200, ctx.sim.counters()) },
  {
    method: "GET",
    pattern: "/_simulator/deliveries",
    handler: (ctx) =>
      json(
        200,
        ctx.sim.deliveries().map(({ requestBody: _body, requestHeaders: _headers, ...d }) => d),
      ),
  },
  {
    method: "POST",
    pattern: "/_simulator/deliveries/{id}/redeliver",
    handler: async (ctx) => {
      const d = await ctx.sim.webhooks.redeliver(Number(ctx.params.id));
      return json(200, { id: d.id, guid: d.guid, status: d.status });
    },
  },
];
