import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { listDeliveryAttempts } from "@/lib/notifications/log";

type Context = { params: Promise<{ id: string }> };

/** The destination's last 50 delivery attempts, newest first. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  try {
    assertSameOrigin(request);
    const actor = await requireActorFromRequest(request);
    return Response.json({ deliveries: await listDeliveryAttempts(actor, (await params).id) });
  } catch (error) {
    return toErrorResponse(error, "GET /api/notifications/destinations/:id/deliveries");
  }
}
