import { randomBytes } from "node:crypto";
import type http from "node:http";
import { controlRoutes } from "./control-api";
import { verifyAppJwt } from "./jwt";
import type { Installation } from "./model";
import { restRoutes } from "./rest-api";
import type { GithubSimulator } from "./simulator";
import { webRoutes } from "./web";

export type Reply = { status: number; body?: unknown; headers?: Record<string, string>; raw?: Buffer | string };

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

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  headers,
});
export const notFound = (): Reply =>
  json(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });

export async function handleRequest(sim: GithubSimulator, req: http.IncomingMessage, res: http.ServerResponse) {
  compiled ??= { api: compile(restRoutes), other: compile([...webRoutes, ...controlRoutes]) };
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
    const fault = sim.traffic.takeFault(routeId);
    const latency = sim.traffic.latencyMs + (fault?.latencyMs ?? 0);
    if (latency) await new Promise((r) => setTimeout(r, latency));
    if (fault?.timeout) {
      sim.traffic.record(routeId, null);
      return; // never answer; the socket stays open until the client gives up
    }
    reply = await authenticateAndRun(ctx, match?.route);
    sim.traffic.record(routeId, ctx.installation?.id ?? null);
    if (fault?.status)
      reply = json(fault.status, { message: fault.status >= 500 ? "Server Error" : "Simulated failure" });
    if (fault?.secondaryRateLimit) {
      reply = json(
        403,
        {
          message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          documentation_url:
            "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        },
        { "retry-after": String(fault.secondaryRateLimit.retryAfterSeconds) },
      );
    }
    reply.headers = { ...rateLimitHeaders(ctx), ...reply.headers };
  } else {
    try {
      reply = match ? await match.route.handler(ctx) : notFound();
    } catch (error) {
      reply = json(400, { message: error instanceof Error ? error.message : String(error) });
    }
  }
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

function rateLimitHeaders(ctx: Context): Record<string, string> {
  const i = ctx.installation;
  const limit = i?.rateLimit ?? 5000;
  const used = i?.used ?? 0;
  const reset = Math.ceil((i?.windowResetAt ?? ctx.sim.now() + 3600_000) / 1000);
  return {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(Math.max(0, limit - used)),
    "x-ratelimit-reset": String(reset),
    "x-ratelimit-used": String(Math.min(used, limit)),
    "x-ratelimit-resource": "core",
  };
}

const UNAUTHORIZED = json(401, {
  message: "Bad credentials",
  documentation_url: "https://docs.github.com/rest",
  status: "401",
});

async function authenticateAndRun(ctx: Context, route: Compiled | undefined): Promise<Reply> {
  if (!route) return notFound();
  const header = ctx.headers.authorization ?? "";
  const [scheme, credential] = header.split(" ");
  const kind = route.pattern.startsWith("/app")
    ? "jwt"
    : route.pattern.startsWith("/user")
      ? "user"
      : route.pattern === "/rate_limit"
        ? "any"
        : "installation";
  const { sim } = ctx;

  if (kind === "jwt") {
    if (scheme?.toLowerCase() !== "bearer" || !credential)
      return json(401, {
        message: "A JSON web token could not be decoded",
        documentation_url: "https://docs.github.com/rest",
      });
    const check = verifyAppJwt(credential, sim.app.publicKey, sim.app.id, sim.app.clientId, sim.now());
    if (!check.ok) return json(401, { message: check.message, documentation_url: "https://docs.github.com/rest" });
    return route.handler(ctx);
  }
  if (kind === "user") {
    const user = credential && sim.userTokens.get(credential);
    if (!user) return UNAUTHORIZED;
    ctx.params.__user = user.login;
    return route.handler(ctx);
  }
  const token = credential ? sim.tokens.get(credential) : undefined;
  if (!token || token.expiresAt.getTime() <= sim.now()) return UNAUTHORIZED;
  const installation = sim.installations.get(token.installationId);
  if (!installation) return UNAUTHORIZED;
  if (installation.suspendedAt)
    return json(403, {
      message: "This installation has been suspended",
      documentation_url: "https://docs.github.com/rest",
    });
  ctx.installation = installation;
  if (sim.now() >= installation.windowResetAt) {
    installation.used = 0;
    installation.windowResetAt = sim.now() + 3600_000;
  }
  if (installation.used >= installation.rateLimit) {
    return json(403, {
      message: `API rate limit exceeded for installation ID ${installation.id}.`,
      documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
    });
  }
  installation.used++;
  return route.handler(ctx);
}

export const newToken = (prefix: string) => `${prefix}_${randomBytes(18).toString("base64url")}`;
