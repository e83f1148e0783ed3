import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { listRepositoryOptions } from "@/lib/github-sync/repositories";

export async function GET(request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
    return Response.json(
      await listRepositoryOptions(await requireActorFromRequest(request), {
        query: url.searchParams.get("q") ?? "",
        page,
      }),
    );
  } catch (error) {
    return toErrorResponse(error, "GET /api/github-sync/repositories");
  }
}
