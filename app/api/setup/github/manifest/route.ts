import { getDb } from "@/lib/db/client";
import { AppError, toErrorResponse } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { manifestRequestSchema } from "@/lib/setup/manifest";
import { requireOperator } from "@/lib/setup/operator";
import { startSetup } from "@/lib/setup/start-setup";

/** "Create GitHub App": the form the browser posts to GitHub (action with a single-use state, and the manifest). */
export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request, { json: true });
    await requireOperator(request);
    const body = manifestRequestSchema.safeParse(await request.json().catch(() => null));
    if (!body.success)
      throw new AppError("validation", body.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; "));
    return Response.json(await startSetup(getDb(), body.data));
  } catch (error) {
    return toErrorResponse(error, "POST /api/setup/github/manifest");
  }
}
