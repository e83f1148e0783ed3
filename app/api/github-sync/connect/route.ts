import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { startConnect } from "@/lib/github-sync/connect";
import { assertSameOrigin } from "@/lib/http/same-origin";

export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    return Response.json({ url: await startConnect(await requireActorFromRequest(request)) });
  } catch (error) {
    return toErrorResponse(error, "POST /api/github-sync/connect");
  }
}
