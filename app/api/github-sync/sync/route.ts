import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { defaultSyncDeps } from "@/lib/sync/deps";
import { requestManualSync } from "@/lib/sync/manual";
import { inngestSyncQueue } from "@/inngest/queue";

/** Sync Now: 202 with the queued run, or 429 with the time the next sync is allowed. */
export async function POST(request: Request): Promise<Response> {
  try {
    return Response.json(
      await requestManualSync(
        { ...defaultSyncDeps(), queue: inngestSyncQueue },
        await requireActorFromRequest(request),
      ),
      { status: 202 },
    );
  } catch (error) {
    return toErrorResponse(error, "POST /api/github-sync/sync");
  }
}
