import { startLocalInngest } from "../tools/inngest-local";

async function waitUntilServing(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(30_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/**
 * The local Inngest executor that `npm run dev` starts when no Inngest Dev Server answers: it
 * receives the app's events, registers its functions and runs them through the app's
 * /api/inngest, with a runs page. `url` is what INNGEST_BASE_URL should be.
 */
export async function startLocalJobs(
  appUrl: string,
  log: (line: string) => void,
): Promise<{ url: string; runsUrl: string | null; stop(): Promise<void> }> {
  const inngest = await startLocalInngest({ startCrons: true, log: (line) => log(`[inngest-local] ${line}`) });
  // Register once `next dev` serves its first page: compiling /api/inngest before any page made the
  // dev server rebuild and reload open pages again and again (seen in the offline Playwright flow).
  void waitUntilServing(`${appUrl}/login`, 300_000)
    .then(() => inngest.syncApp(`${appUrl}/api/inngest`, { timeoutMs: 300_000 }))
    .catch((error: Error) => log(`[inngest-local] ${error.message}`));
  return { url: inngest.url, runsUrl: inngest.runsUrl, stop: () => inngest.stop() };
}
