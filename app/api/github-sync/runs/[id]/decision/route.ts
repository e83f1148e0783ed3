import { requireActorFromRequest } from "@/lib/auth/request";
import { AppError, toErrorResponse } from "@/lib/errors";
import { readBodyText } from "@/lib/http/read-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { defaultSyncDeps } from "@/lib/sync/deps";
import { decideHeldPlan, deleteDecisionSchema } from "@/lib/sync/delete-confirmation";
import { relayAfterResponse } from "@/inngest/outbox-relay";

type Context = { params: Promise<{ id: string }> };

/** An admin's answer to a plan the mass-delete guard held back. Body: { decision: "apply_anyway" | "keep_current" }. */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  try {
    assertSameOrigin(request, { json: true });
    const actor = await requireActorFromRequest(request);
    let input: unknown;
    try {
      input = JSON.parse(await readBodyText(request, 1024));
    } catch {
      throw new AppError("bad_request", "Body must be JSON.");
    }
    const parsed = deleteDecisionSchema.safeParse(input);
    if (!parsed.success) throw new AppError("validation", 'decision must be "apply_anyway" or "keep_current".');
    const result = await decideHeldPlan(defaultSyncDeps(), actor, (await params).id, parsed.data.decision);
    // Apply anyway queued a sync in the outbox: hand it to the job service after the response.
    if (result.runId) relayAfterResponse();
    return Response.json(result, { status: result.runId ? 202 : 200 });
  } catch (error) {
    return toErrorResponse(error, "POST /api/github-sync/runs/:id/decision");
  }
}
