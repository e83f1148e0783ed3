import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { deleteDestination } from "@/lib/notifications/destinations";

type Context = { params: Promise<{ id: string }> };

/** Removes the destination with its deliveries and their log. */
export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  try {
    assertSameOrigin(request);
    const actor = await requireActorFromRequest(request);
    await deleteDestination(actor, (await params).id);
    return new Response(null, { status: 204 });
  } catch (error) {
    return toErrorResponse(error, "DELETE /api/notifications/destinations/:id");
  }
}
