import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import { defaultSyncDeps } from "@/lib/sync/deps";
import { getSyncHistory } from "@/lib/sync/history";

export async function GET(request: Request): Promise<Response> {
  try {
    return Response.json(
      await getSyncHistory(defaultSyncDeps(), await requireActorFromRequest(request), {
        dashboardUrl: getEnv().inngestDashboardUrl,
      }),
    );
  } catch (error) {
    return toErrorResponse(error, "GET /api/github-sync/runs");
  }
}
