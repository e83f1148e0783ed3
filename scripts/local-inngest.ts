import { startLocalInngest } from "../tools/inngest-local";

/**
 * The local Inngest executor that `npm run dev` starts when no Inngest Dev Server answers: it
 * receives the app's events, registers its functions (it asks the app to sync as soon as the app
 * answers) and runs them through the app's /api/inngest, with a runs page.
 * `url` is what INNGEST_BASE_URL should be.
 */
export async function startLocalJobs(
  appUrl: string,
  log: (line: string) => void,
): Promise<{ url: string; runsUrl: string | null; stop(): Promise<void> }> {
  const inngest = await startLocalInngest({ startCrons: true, log: (line) => log(`[inngest-local] ${line}`) });
  // `next dev` compiles /api/inngest on its first request: give it time.
  inngest
    .syncApp(`${appUrl}/api/inngest`, { timeoutMs: 300_000 })
    .catch((error: Error) => log(`[inngest-local] ${error.message}`));
  return { url: inngest.url, runsUrl: inngest.runsUrl, stop: () => inngest.stop() };
}
