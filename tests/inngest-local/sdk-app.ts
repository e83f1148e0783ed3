import http from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest, type InngestFunction } from "inngest";
import { serve } from "inngest/node";
import { startLocalInngest, type LocalInngestOptions } from "../../tools/inngest-local";

type Middle = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

/**
 * A throwaway app with functions of a test's own, served by the real Inngest SDK and run by a
 * local executor of its own: the executor's semantics are tested against what the SDK registers
 * and answers, without the product's functions in the way. `intercept` sits between the executor
 * and the SDK (a test can answer a request itself, as a broken proxy would).
 */
export async function startSdkApp(
  define: (inngest: Inngest) => InngestFunction.Any[],
  options: LocalInngestOptions & { intercept?: Middle } = {},
) {
  const { intercept, ...executorOptions } = options;
  const executor = await startLocalInngest({ retryScale: 0.001, random: () => 0, ...executorOptions });
  const inngest = new Inngest({ id: "executor-semantics", isDev: true, baseUrl: executor.url });
  const handler = serve({ client: inngest, functions: define(inngest) });
  const server = http.createServer((req, res) =>
    intercept ? intercept(req, res, () => void handler(req, res)) : void handler(req, res),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`;
  return {
    executor,
    url,
    /** Registers the app (the SDK posts its functions to the executor). */
    sync: () => executor.syncApp(url, { timeoutMs: 10_000 }),
    send: (name: string, data: Record<string, unknown>, id?: string) =>
      executor.receive([{ name, data, ...(id ? { id } : {}) }]),
    runsOf: (fnId: string) => executor.runs.filter((run) => run.fnId === `executor-semantics-${fnId}`),
    async stop() {
      await executor.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A promise a test resolves by hand: a step that awaits it stays "executing" until then. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let entered = false;
  return {
    open,
    get entered() {
      return entered;
    },
    async pass() {
      entered = true;
      await opened;
    },
  };
}
