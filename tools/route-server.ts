import http from "node:http";
import type { AddressInfo } from "node:net";

// `never` accepts every route module whatever its params type; the server fills them from the pattern.
type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
export type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;

/**
 * Serves the app's own route handler modules over real HTTP (Node's server →
 * Fetch Request → handler → Fetch Response), so tests exercise raw bodies,
 * headers and cookies exactly as a client sends them.
 */
export async function startRouteServer(routes: Record<string, RouteModule>) {
  const compiled = Object.entries(routes).map(([pattern, module]) => {
    const names: string[] = [];
    const regex = new RegExp(
      `^${pattern.replace(/:([a-zA-Z]+)/g, (_, name: string) => (names.push(name), "([^/]+)"))}$`,
    );
    return { regex, names, module };
  });
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
      const route = compiled.map((r) => ({ r, m: r.regex.exec(url.pathname) })).find((x) => x.m);
      const handler = route?.r.module[req.method as keyof RouteModule];
      if (!route || !handler) {
        res.writeHead(route ? 405 : 404).end();
        return;
      }
      const params = Object.fromEntries(route.r.names.map((name, i) => [name, decodeURIComponent(route.m![i + 1]!)]));
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(url, {
        method: req.method,
        headers,
        body: hasBody ? Buffer.concat(chunks) : undefined,
      });
      const response = await handler(request, { params: Promise.resolve(params) as Promise<never> });
      const outHeaders: Record<string, string | string[]> = {};
      response.headers.forEach((value, key) => (outHeaders[key] = value));
      const cookies = response.headers.getSetCookie();
      if (cookies.length) outHeaders["set-cookie"] = cookies;
      res.writeHead(response.status, outHeaders);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(599).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://127.0.0.1:${port}`,
    close,
    /** Stops answering (connections refused), as an app that is down; `start` serves again on the same port. */
    stop: close,
    start: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
  };
}
