import { startLocalJobs } from "./local-inngest";

type Env = Record<string, string | undefined>;

/** Where the Inngest Dev Server listens unless INNGEST_BASE_URL says otherwise. */
export const DEV_SERVER_URL = "http://127.0.0.1:8288";

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

/**
 * Inngest for `npm run dev`: the Inngest Dev Server when INNGEST_BASE_URL is set or one answers
 * on its default port, otherwise the local executor. Sets the app's env to match (dev mode,
 * base URL, where "View run" links go) and says which in one line.
 */
export async function resolveDevInngest(env: Env, appUrl: string, log: (line: string) => void) {
  env.INNGEST_DEV ??= "1";
  const configured = env.INNGEST_BASE_URL?.replace(/\/+$/, "");
  if (configured || (await answers(DEV_SERVER_URL))) {
    const url = configured ?? DEV_SERVER_URL;
    env.INNGEST_BASE_URL = url;
    env.INNGEST_DASHBOARD_URL ??= url;
    const warning = configured && !(await answers(url)) ? " (it does not answer yet)" : "";
    log(`Inngest: the Inngest Dev Server at ${url}${warning}; it must reach ${appUrl}/api/inngest`);
    return { stop: async () => {} };
  }
  const local = await startLocalJobs(appUrl, log);
  env.INNGEST_BASE_URL = local.url;
  env.INNGEST_DASHBOARD_URL = local.url;
  const runs = local.runsUrl ? `, runs on ${local.runsUrl}` : "";
  log(
    `Inngest: no Dev Server answers at ${DEV_SERVER_URL}, so the local executor runs the functions (${local.url}${runs})`,
  );
  return { stop: local.stop };
}
