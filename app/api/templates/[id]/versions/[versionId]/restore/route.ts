import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { parseRestoreBody, restoreVersion } from "@/lib/history/restore";
import { readBodyText } from "@/lib/http/read-body";
import { assertSameOrigin } from "@/lib/http/same-origin";

type Context = { params: Promise<{ id: string; versionId: string }> };

export async function POST(request: Request, { params }: Context): Promise<Response> {
  try {
    assertSameOrigin(request, { json: true });
    const actor = await requireActorFromRequest(request);
    parseRestoreBody(await readBodyText(request, 1024));
    const { id, versionId } = await params;
    return Response.json(await restoreVersion(actor, id, versionId), { status: 201 });
  } catch (error) {
    return toErrorResponse(error, "POST /api/templates/:id/versions/:versionId/restore");
  }
}
