import { SYNC_NOW_EVENT, SYNC_REQUESTED_EVENT } from "../lib/sync/request";
import { startInngestSink } from "../tools/inngest-local/event-api";

/**
 * The local stand-in for Inngest that `npm run dev` starts when no Inngest Dev Server answers:
 * it receives the app's events and runs their functions through the app's /api/inngest.
 * `url` is what INNGEST_BASE_URL should be; `runsUrl` is its runs page (null: this stand-in has none).
 */
export async function startLocalJobs(
  appUrl: string,
): Promise<{ url: string; runsUrl: string | null; stop(): Promise<void> }> {
  const sink = await startInngestSink({
    serveUrl: `${appUrl}/api/inngest`,
    functionsByEvent: {
      [SYNC_REQUESTED_EVENT]: "allegro-sync-github-templates",
      [SYNC_NOW_EVENT]: "allegro-sync-now-github-templates",
    },
    concurrencyKey: (data) => String(data.tenantId),
  });
  return { url: sink.url, runsUrl: null, stop: sink.close };
}
