import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { disconnectTenant, getSyncSettings } from "@/lib/github-sync/settings";
import { assertSameOrigin } from "@/lib/http/same-origin";

export async function GET(request: Request): Promise<Response> {
  try {
    return Response.json(await getSyncSettings(await requireActorFromRequest(request)));
  } catch (error) {
    return toErrorResponse(error, "GET /api/github-sync");
  }
}

/** Disconnect: templates are kept and become editable. */
export async function DELETE(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    await disconnectTenant(await requireActorFromRequest(request));
    return new Response(null, { status: 204 });
  } catch (error) {
    return toErrorResponse(error, "DELETE /api/github-sync");
  }
}
