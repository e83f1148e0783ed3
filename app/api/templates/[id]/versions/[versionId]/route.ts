import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { getVersion } from "@/lib/history/versions";

type Context = { params: Promise<{ id: string; versionId: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  try {
    const actor = await requireActorFromRequest(request);
    const { id, versionId } = await params;
    return Response.json(await getVersion(actor, id, versionId));
  } catch (error) {
    return toErrorResponse(error, "GET /api/templates/:id/versions/:versionId");
  }
}
