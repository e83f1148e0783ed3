import { relayAfterResponse } from "@/inngest/outbox-relay";
import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { queueTestNotification } from "@/lib/notifications/send-test";

type Context = { params: Promise<{ id: string }> };

/** Send test: recorded now, delivered by the job like any notification (202). */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  try {
    assertSameOrigin(request);
    const actor = await requireActorFromRequest(request);
    const queued = await queueTestNotification(actor, (await params).id);
    relayAfterResponse();
    return Response.json({ delivery_id: queued.deliveryId }, { status: 202 });
  } catch (error) {
    return toErrorResponse(error, "POST /api/notifications/destinations/:id/test");
  }
}
