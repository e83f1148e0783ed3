import { randomBytes } from "node:crypto";
import type http from "node:http";
import { authenticate } from "./auth";
import { checksRoutes } from "./checks-api";
import { accountRoutes } from "./account-pages";
import { contentsWriteRoutes } from "./contents-write-api";
import { controlRoutes } from "./control-api";
import { pullControlRoutes } from "./control-pulls";
import { faultReply } from "./faults";
import { hookDeliveryRoutes } from "./hook-deliveries-api";
import { gitDataRoutes } from "./git-data-api";
import { manifestApiRoutes } from "./manifest-api";
import { manifestRoutes } from "./manifest-pages";
import type { Installation } from "./model";
import { answerConditionally } from "./conditional";
import { rateLimitHeaders, refundRateLimit, spendRateLimit } from "./rate-limits";
import { json, notFound, type Reply } from "./reply";
import { pullRequestRoutes } from "./pull-request-ui";
import { pullsRoutes } from "./pulls-api";
import { repositoryRoutes } from "./repository-ui";
import { restRoutes } from "./rest-api";
import type { GithubSimulator } from "./simulator";
import { webRoutes } from "./web";

export type Context = {
  sim: GithubSimulator;
  method: string;
  url: URL;
  params: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  route: string;
  /** Set once the caller authenticated with an installation token. */
  installation: Installation | null;
};

export type Route = { method: string; pattern: string; handler: (ctx: Context) => Promise<Reply> | Reply };

type Compiled = Route & { regex: RegExp; names: string[] };

/** `{name}` matches one path segment, `{name+}` one or more, `{name*}` zero or more. */
function compile(routes: Route[]): Compiled[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern.replace(/\/?\{(\w+)([+*]?)\}/g, (match, name: string, kind: string) => {
      names.push(name);
      const slash = match.startsWith("/") ? "/" : "";
      if (kind === "+") return `${slash}(.+)`;
      if (kind === "*") return `(?:${slash}(.*))?`;
      return `${slash}([^/]+)`;
    });
    return { ...route, names, regex: new RegExp(`^${source}$`) };
  });
}

let compiled: { api: Compiled[]; other: Compiled[] } | null = null;

export const API_PREFIX = "/api/v3";

export async function handleRequest(sim: GithubSimulator, req: http.IncomingMessage, res: http.ServerResponse) {
  compiled ??= {
    api: compile([
      ...manifestApiRoutes,
      ...checksRoutes,
      ...hookDeliveryRoutes,
      ...pullsRoutes,
      ...gitDataRoutes,
      ...contentsWriteRoutes,
      ...restRoutes,
    ]),
    other: compile([
      ...manifestRoutes,
      ...webRoutes,
      ...accountRoutes,
      ...controlRoutes,
      ...pullControlRoutes,
      ...pullRequestRoutes,
      ...repositoryRoutes,
    ]),
  };
  const url = new URL(req.url ?? "/", sim.url);
  const isApi = url.pathname.startsWith(API_PREFIX);
  const path = isApi ? url.pathname.slice(API_PREFIX.length) || "/" : url.pathname;
  const table = isApi ? compiled.api : compiled.other;
  let match: { route: Compiled; m: RegExpExecArray } | undefined;
  for (const route of table) {
    if (route.method !== req.method) continue;
    const m = route.regex.exec(path);
    if (m) {
      match = { route, m };
      break;
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const requestId = `${randomBytes(4).toString("hex").toUpperCase()}:${randomBytes(3).toString("hex").toUpperCase()}`;
  const routeId = match ? `${match.route.method} ${match.route.pattern}` : `${req.method} ${path}`;
  const ctx: Context = {
    sim,
    method: req.method ?? "GET",
    url,
    params: match
      ? Object.fromEntries(match.route.names.map((n, i) => [n, decodeURIComponent(match!.m[i + 1] ?? "")]))
      : {},
    headers: req.headers,
    body: Buffer.concat(chunks),
    route: routeId,
    installation: null,
  };

  let reply: Reply;
  if (isApi) {
    const fault = sim.faults.take(routeId);
    if (fault?.unreachable) {
      req.socket.destroy();
      return;
    }
    const latency = sim.faults.latencyMs + (fault?.latencyMs ?? 0);
    if (latency) await new Promise((r) => setTimeout(r, latency));
    if (fault?.timeout) {
      sim.traffic.record(routeId, null);
      return; // never answer; the socket stays open until the client gives up
    }
    const answered = await runApiRoute(ctx, match?.route);
    reply = faultReply(fault, answered.reply);
    sim.traffic.record(routeId, ctx.installation?.id ?? null, {
      status: reply.status,
      charged: answered.charged,
      conditional: req.headers["if-none-match"] !== undefined,
    });
    reply = { ...reply, headers: { ...rateLimitHeaders(ctx.installation, sim.now()), ...reply.headers } };
  } else {
    try {
      reply = match ? await match.route.handler(ctx) : notFound();
    } catch (error) {
      reply = json(400, { message: error instanceof Error ? error.message : String(error) });
    }
  }
  if (req.method !== "GET" && req.method !== "HEAD") sim.save();
  send(res, reply, requestId);
}

function send(res: http.ServerResponse, reply: Reply, requestId: string) {
  const headers: Record<string, string> = { "x-github-request-id": requestId, ...reply.headers };
  let payload: Buffer | string = "";
  if (reply.raw !== undefined) payload = reply.raw;
  else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers["content-type"] ??= "application/json; charset=utf-8";
  }
  headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/**
 * A REST route runs once the caller is authenticated and, for an installation, within its rate
 * limit; `charged` says whether the installation's limit paid for it (a 304 is given back).
 */
async function runApiRoute(ctx: Context, route: Compiled | undefined): Promise<{ reply: Reply; charged: boolean }> {
  if (!route) return { reply: notFound(), charged: false };
  const unauthenticated = authenticate(ctx, route.pattern);
  if (unauthenticated) return { reply: unauthenticated, charged: false };
  const installation = ctx.installation;
  if (!installation) return { reply: answerConditionally(ctx, await route.handler(ctx)), charged: false };
  const limited = spendRateLimit(installation, ctx.sim.now());
  if (limited) return { reply: limited, charged: false };
  const reply = answerConditionally(ctx, await route.handler(ctx));
  if (reply.status !== 304) return { reply, charged: true };
  refundRateLimit(installation);
  return { reply, charged: false };
}
