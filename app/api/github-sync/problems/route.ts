import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { listFileProblems, parseProblemQuery } from "@/lib/sync/problem-list";

/** The invalid synced files, a page at a time. Query: `limit` (1–100, default 100), `cursor` (the previous `next_cursor`). */
export async function GET(request: Request): Promise<Response> {
  try {
    const actor = await requireActorFromRequest(request);
    const params = new URL(request.url).searchParams;
    const query = parseProblemQuery({
      limit: params.get("limit") || undefined,
      cursor: params.get("cursor") || undefined,
    });
    return Response.json(await listFileProblems(actor, query));
  } catch (error) {
    return toErrorResponse(error, "GET /api/github-sync/problems");
  }
}
