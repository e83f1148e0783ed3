import { getDb } from "@/lib/db/client";
import { toErrorResponse } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { forgetStoredApp } from "@/lib/setup/forget";
import { requireOperator } from "@/lib/setup/operator";

/** Forget stored credentials, with `{ "confirm": true }`. */
export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request, { json: true });
    await requireOperator(request);
    await forgetStoredApp(getDb(), await request.json().catch(() => null));
    return new Response(null, { status: 204 });
  } catch (error) {
    return toErrorResponse(error, "POST /api/setup/github/forget");
  }
}
