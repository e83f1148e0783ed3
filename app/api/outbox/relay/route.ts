import { relayPass } from "@/inngest/outbox-relay";
import { getEnv } from "@/lib/env";
import { toErrorResponse } from "@/lib/errors";
import { assertBearerSecret } from "@/lib/http/bearer-secret";

/**
 * The outbox relay for serverless hosts, where no process lives long enough for the
 * relay's own clock: a cron calls it every minute with `Authorization: Bearer
 * $ALLEGRO_RELAY_SECRET` (GET, as Vercel Cron does, or POST). It relays the due rows and
 * runs the watchdog. No cookie is read, so a cross-site request can do nothing here.
 */
async function relay(request: Request): Promise<Response> {
  try {
    assertBearerSecret(request, getEnv().relay.secret, "ALLEGRO_RELAY_SECRET");
    return Response.json(await relayPass(), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return toErrorResponse(error, "/api/outbox/relay");
  }
}

export const GET = relay;
export const POST = relay;
export const dynamic = "force-dynamic";
