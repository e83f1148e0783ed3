import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { getSyncHistory } from "@/lib/sync/history";

export async function GET(request: Request): Promise<Response> {
  try {
    return Response.json(await getSyncHistory(await requireActorFromRequest(request)));
  } catch (error) {
    return toErrorResponse(error, "GET /api/github-sync/runs");
  }
}
