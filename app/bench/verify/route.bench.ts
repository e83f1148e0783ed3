import { getEnv } from "@/lib/env";
import { readBody } from "@/lib/http/read-body";
import { verifyWebhookSignature } from "@/lib/github-sync/webhooks/signature";

/**
 * Benchmark only (built with ALLEGRO_BENCH_ROUTES=1): what the webhook route
 * does before it touches the database (bounded body read, HMAC over the raw
 * bytes, JSON parse), to see where the time goes.
 */
export async function POST(request: Request): Promise<Response> {
  const body = await readBody(request, 25 * 1024 * 1024);
  if (!verifyWebhookSignature(getEnv().github!.webhookSecret, body, request.headers.get("x-hub-signature-256")))
    return Response.json({ error: "signature" }, { status: 401 });
  JSON.parse(body.toString("utf8"));
  return Response.json({ status: "ok" });
}
