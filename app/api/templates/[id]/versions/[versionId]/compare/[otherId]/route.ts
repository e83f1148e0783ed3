import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { compareVersions } from "@/lib/history/compare";

type Context = { params: Promise<{ id: string; versionId: string; otherId: string }> };

/** `versionId` is the before side, `otherId` the after side; either may be "current". `?text=1` adds a line diff. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  try {
    const actor = await requireActorFromRequest(request);
    const { id, versionId, otherId } = await params;
    const text = new URL(request.url).searchParams.get("text") === "1";
    return Response.json(await compareVersions(actor, id, versionId, otherId, { text }));
  } catch (error) {
    return toErrorResponse(error, "GET /api/templates/:id/versions/:a/compare/:b");
  }
}
