import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { getEnv } from "@/lib/env";

let handler: ReturnType<typeof serve> | undefined;

/**
 * Inngest's serve endpoint: the executor (Dev Server, Cloud or self-hosted) calls the functions here.
 * The URL registered with Inngest comes from APP_URL, never from the request's Host header; in
 * production a sync (PUT) must be signed like every other call. Built on first use, after the env is read.
 */
function inngestHandler() {
  if (handler) return handler;
  const env = getEnv();
  const appUrl = new URL(env.appUrl);
  handler = serve({
    client: inngest,
    functions,
    serveOrigin: appUrl.origin,
    servePath: `${appUrl.pathname.replace(/\/+$/, "")}/api/inngest`,
    enableUnauthedSync: env.mode === "production" ? false : undefined,
  });
  return handler;
}

export const GET = (request: NextRequest) => inngestHandler().GET(request, undefined);
export const POST = (request: NextRequest) => inngestHandler().POST(request, undefined);
export const PUT = (request: NextRequest) => inngestHandler().PUT(request, undefined);
