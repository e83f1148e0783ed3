import type { AddressInfo } from "node:net";
import { startCronClock } from "./crons";
import { createExecutor, type ExecutorOptions } from "./executor";
import { createInngestServer } from "./http-server";

export type LocalInngestOptions = {
  port?: number;
  host?: string;
  /** Run cron triggers on their schedule (development); tests leave it off and call triggerCron. */
  startCrons?: boolean;
  /** Multiplies retry backoff; 1 keeps Inngest's timing. */
  retryScale?: number;
  /** Run functions for received events (default true). Off, it only records events and registrations. */
  execute?: boolean;
  log?: (line: string) => void;
} & Pick<ExecutorOptions, "keepRuns" | "keepEvents" | "random">;

/**
 * A local stand-in for the Inngest server (development and tests, never `npm start`):
 * it receives events, registers the app's functions and runs them through the
 * app's /api/inngest. Point the app at it with INNGEST_DEV=1 and
 * INNGEST_BASE_URL=<url>, then register the app with `syncApp(<serve url>)`.
 */
export async function startLocalInngest({
  port = 0,
  host = "127.0.0.1",
  startCrons = false,
  retryScale = 1,
  execute = true,
  log = () => {},
  ...memory
}: LocalInngestOptions = {}) {
  const executor = createExecutor({ retryScale, execute, log, ...memory });
  const state = { failing: false };
  const server = createInngestServer(executor, state);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  const stopCrons = startCrons ? startCronClock(executor, log) : () => {};
  log(`inngest-local on ${url} (runs: ${url}/runs)`);
  return {
    url,
    runsUrl: `${url}/runs`,
    ...executor,
    /** Refuse events with 500, as an unreachable or misconfigured Inngest would. */
    setFailing: (value: boolean) => void (state.failing = value),
    /**
     * Registers the app served at `serveUrl` (a PUT makes its SDK post its functions
     * to us), retrying until it answers, as the Dev Server's `-u` does.
     */
    async syncApp(serveUrl: string, { timeoutMs = 60_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const response = await fetch(serveUrl, { method: "PUT" }).catch((error: Error) => error);
        if (response instanceof Response && response.ok) {
          // The SDK answers 200 even when the registration was refused, with the reason in `message`.
          const body = (await response.json().catch(() => ({}))) as { modified?: boolean; message?: string };
          if (body.modified === false && body.message)
            throw new Error(`inngest-local refused the app: ${body.message}`);
          return;
        }
        if (Date.now() > deadline) throw new Error(`inngest-local could not register ${serveUrl}: ${String(response)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
    async stop() {
      stopCrons();
      executor.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type LocalInngest = Awaited<ReturnType<typeof startLocalInngest>>;
