import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { defaultSyncDeps } from "@/lib/sync/deps";
import { requestManualSync } from "@/lib/sync/manual";
import { relayAfterResponse } from "@/inngest/outbox-relay";
import { assertSameOrigin } from "@/lib/http/same-origin";

/** Sync Now: 202 with the queued run, or 429 with the time the next sync is allowed. */
export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    const queued = await requestManualSync(defaultSyncDeps(), await requireActorFromRequest(request));
    relayAfterResponse();
    return Response.json(queued, { status: 202 });
  } catch (error) {
    return toErrorResponse(error, "POST /api/github-sync/sync");
  }
}
