import http from "node:http";
import { ReplayRefusedError, type Executor, type SentEvent } from "./executor";
import { renderNotFound, renderRefused, renderRunPage, renderRunsPage } from "./runs-page";

type Reply = { status: number; type?: string; body?: string; location?: string };
const json = (status: number, value: unknown): Reply => ({
  status,
  type: "application/json",
  body: JSON.stringify(value),
});
const html = (status: number, body: string): Reply => ({ status, type: "text/html; charset=utf-8", body });

/**
 * The executor over HTTP: Inngest's event API (POST /e/{key}) and registration
 * (POST /fn/register) for the app's SDK, and the runs pages for people
 * (GET /runs, GET /run?runID=…, POST /run/replay, POST /run/cancel); POST /_control/failing for tests.
 */
export function createInngestServer(executor: Executor, state: { failing: boolean }) {
  const route = (method: string, url: URL, body: string): Reply => {
    if (method === "POST" && url.pathname.startsWith("/e/")) {
      if (state.failing) return json(500, { error: "inngest-local is refusing events (setFailing)" });
      const parsed = JSON.parse(body || "[]") as SentEvent | SentEvent[];
      return json(200, { ids: executor.receive(Array.isArray(parsed) ? parsed : [parsed]), status: 200 });
    }
    // Test control (e2e): refuse or accept events from now on, as setFailing does in-process.
    if (method === "POST" && url.pathname === "/_control/failing") {
      state.failing = (JSON.parse(body || "{}") as { failing?: boolean }).failing === true;
      return json(200, { failing: state.failing });
    }
    if (method === "POST" && url.pathname === "/fn/register") {
      try {
        executor.register(JSON.parse(body || "{}"));
        return json(200, { ok: true, modified: true });
      } catch (error) {
        return json(400, { error: (error as Error).message });
      }
    }
    if (method === "GET" && (url.pathname === "/" || url.pathname === "/runs"))
      return html(200, renderRunsPage(executor.runs));
    const runId = url.searchParams.get("runID") ?? new URLSearchParams(body).get("runID") ?? "";
    if (method === "GET" && url.pathname === "/run") {
      const run = executor.run(runId);
      return run ? html(200, renderRunPage(run)) : html(404, renderNotFound(runId));
    }
    if (method === "POST" && url.pathname === "/run/replay") {
      if (!executor.run(runId)) return html(404, renderNotFound(runId));
      try {
        const replay = executor.replay(runId);
        return { status: 303, location: `/run?runID=${encodeURIComponent(replay.id)}` };
      } catch (error) {
        if (error instanceof ReplayRefusedError) return html(409, renderRefused(error.message));
        throw error;
      }
    }
    if (method === "POST" && url.pathname === "/run/cancel") {
      if (!executor.run(runId)) return html(404, renderNotFound(runId));
      executor.cancel(runId);
      return { status: 303, location: `/run?runID=${encodeURIComponent(runId)}` };
    }
    return json(404, { error: "not found" });
  };

  return http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let reply: Reply;
    try {
      reply = route(
        req.method ?? "GET",
        new URL(req.url ?? "/", "http://inngest-local"),
        Buffer.concat(chunks).toString(),
      );
    } catch (error) {
      reply = json(400, { error: (error as Error).message });
    }
    const headers: Record<string, string> = {};
    if (reply.type) headers["content-type"] = reply.type;
    if (reply.location) headers.location = reply.location;
    res.writeHead(reply.status, headers).end(reply.body);
  });
}
