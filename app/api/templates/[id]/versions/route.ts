import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { listVersions, parsePageQuery } from "@/lib/history/versions";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  try {
    const actor = await requireActorFromRequest(request);
    const query = new URL(request.url).searchParams;
    const page = parsePageQuery({ limit: query.get("limit"), cursor: query.get("cursor") });
    return Response.json(await listVersions(actor, (await params).id, page));
  } catch (error) {
    return toErrorResponse(error, "GET /api/templates/:id/versions");
  }
}
