import { loggerFor } from "@/lib/observability/logger";
import { requireActorFromRequest } from "@/lib/auth/request";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { handleSetupCallback, SETTINGS } from "@/lib/github-sync/callback";
import { ConnectError } from "@/lib/github-sync/connect-errors";

const redirectTo = (path: string) =>
  new Response(null, { status: 303, headers: { location: `${getEnv().appUrl}${path}` } });

/** GitHub's Setup URL: sign in first if needed, then link the installation. */
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const actor = await requireActorFromRequest(request).catch(() => null);
  if (!actor) return redirectTo(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  try {
    return redirectTo(await handleSetupCallback(Object.fromEntries(url.searchParams), actor));
  } catch (error) {
    if (error instanceof ConnectError) return redirectTo(`${SETTINGS}?error=${error.code}`);
    if (error instanceof AppError && error.code === "forbidden") return redirectTo(SETTINGS);
    loggerFor("github-callback").error({ err: error }, "setup callback failed");
    return redirectTo(`${SETTINGS}?error=github_unavailable`);
  }
}
