import { requireActorFromRequest } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { toErrorResponse } from "@/lib/errors";
import { getRunErrors } from "@/lib/sync/run-errors";

type Context = { params: Promise<{ id: string }> };

/** A run's stored invalid files (the first 100) and their count: the history sends them for its newest run with errors only. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  try {
    const actor = await requireActorFromRequest(request);
    return Response.json(await getRunErrors(getDb(), actor, (await params).id));
  } catch (error) {
    return toErrorResponse(error, "GET /api/github-sync/runs/:id/errors");
  }
}
