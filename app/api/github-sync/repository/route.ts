import { requireActorFromRequest } from "@/lib/auth/request";
import { AppError, toErrorResponse } from "@/lib/errors";
import { readBodyText } from "@/lib/http/read-body";
import { chooseRepository } from "@/lib/github-sync/repositories";
import { relayAfterResponse } from "@/inngest/outbox-relay";
import { assertSameOrigin } from "@/lib/http/same-origin";

/** Body: { repository: "owner/name", branch?: string, folder?: string }. */
export async function PUT(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request, { json: true });
    const actor = await requireActorFromRequest(request);
    let input: unknown;
    try {
      input = JSON.parse(await readBodyText(request, 16 * 1024));
    } catch {
      throw new AppError("bad_request", "Body must be JSON.");
    }
    await chooseRepository(actor, input as Parameters<typeof chooseRepository>[1]);
    relayAfterResponse();
    // The initial sync is queued in the outbox, whether or not Inngest is reachable right now.
    return Response.json({ queued: true });
  } catch (error) {
    return toErrorResponse(error, "PUT /api/github-sync/repository");
  }
}
