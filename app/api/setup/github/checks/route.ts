import { getDb } from "@/lib/db/client";
import { toErrorResponse } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { runSetupChecks } from "@/lib/setup/checks";
import { requireOperator } from "@/lib/setup/operator";

/** "Check again": runs the setup checks and keeps the report (the page only shows the last one). */
export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    await requireOperator(request);
    return Response.json(await runSetupChecks(getDb()));
  } catch (error) {
    return toErrorResponse(error, "POST /api/setup/github/checks");
  }
}
