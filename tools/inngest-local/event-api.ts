import http from "node:http";
import type { AddressInfo } from "node:net";
import { driveFunction } from "./serve-driver";

export type SentEvent = { name: string; data: Record<string, unknown>; id?: string; ts?: number };

/** Runs received events' functions through the app's serve endpoint (what Inngest's executor would do). */
export type Executor = {
  serveUrl: string;
  functionsByEvent: Record<string, string>;
  concurrencyKey?: (data: Record<string, unknown>) => string;
};

/**
 * A stand-in for Inngest's event API (POST /e/{key}) on loopback: the app's real
 * Inngest client sends to it when INNGEST_BASE_URL points here, and tests read
 * what was sent. It can also refuse, to show what happens when Inngest is down.
 * With an `executor`, each event's function is then driven through the app's
 * /api/inngest, one run per concurrency key at a time (end-to-end tests).
 */
export async function startInngestSink(executor?: Executor) {
  const chains = new Map<string, Promise<unknown>>();
  const execute = (event: SentEvent) => {
    const fnId = executor?.functionsByEvent[event.name];
    if (!executor || !fnId) return;
    const key = executor.concurrencyKey?.(event.data) ?? fnId;
    const next = (chains.get(key) ?? Promise.resolve())
      .then(() => driveFunction(executor.serveUrl, fnId, { name: event.name, data: event.data }))
      .catch((error) => console.error(`[inngest-local] ${fnId} failed`, error));
    chains.set(key, next);
  };
  const events: SentEvent[] = [];
  const registrations: unknown[] = [];
  let failing = false;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === "POST" && req.url?.startsWith("/e/")) {
      if (failing) {
        res.writeHead(500, { "content-type": "application/json" }).end('{"error":"down"}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString() || "[]");
      const list = (Array.isArray(body) ? body : [body]) as SentEvent[];
      events.push(...list);
      list.forEach(execute);
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ ids: list.map((_, i) => `evt-${events.length + i}`), status: 200 }));
      return;
    }
    if (req.method === "POST" && req.url?.startsWith("/fn/register")) {
      registrations.push(JSON.parse(Buffer.concat(chunks).toString() || "{}"));
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true,"modified":true}');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    events,
    registrations,
    setFailing: (value: boolean) => (failing = value),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type InngestSink = Awaited<ReturnType<typeof startInngestSink>>;
