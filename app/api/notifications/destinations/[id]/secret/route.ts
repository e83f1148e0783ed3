import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { rotateSecret } from "@/lib/notifications/destinations";

type Context = { params: Promise<{ id: string }> };

/** Rotates a webhook's signing secret; the new one is in this answer only and the old one stops at once. */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  try {
    assertSameOrigin(request);
    const actor = await requireActorFromRequest(request);
    return Response.json(await rotateSecret(actor, (await params).id), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return toErrorResponse(error, "POST /api/notifications/destinations/:id/secret");
  }
}
