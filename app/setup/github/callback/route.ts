import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { completeSetup } from "@/lib/setup/conversion";
import { isOperator } from "@/lib/setup/operator";
import { SetupError } from "@/lib/setup/setup-errors";
import { loggerFor } from "@/lib/observability/logger";

const back = (error: string) =>
  new Response(null, { status: 303, headers: { location: `${getEnv().appUrl}/setup/github?error=${error}` } });

/** The manifest's redirect_url: GitHub returns with `code` and `state`; on success, on to the App's install page. */
export async function GET(request: Request): Promise<Response> {
  if (!(await isOperator(request.headers.get("cookie")))) return back("not_operator");
  const query = Object.fromEntries(new URL(request.url).searchParams);
  try {
    const installUrl = await completeSetup(getDb(), { code: query.code, state: query.state });
    return new Response(null, { status: 303, headers: { location: installUrl } });
  } catch (error) {
    if (error instanceof SetupError) {
      if (error.code === "webhook_mismatch" || error.code === "github_unavailable")
        loggerFor("setup").warn({ code: error.code, detail: error.message }, "github app setup refused");
      return back(error.code);
    }
    loggerFor("setup").error({ err: error }, "github app setup failed");
    return back("github_unavailable");
  }
}
