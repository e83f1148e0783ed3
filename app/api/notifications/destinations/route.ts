import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http/read-json";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { defaultUrlCheck } from "@/lib/notifications/deps";
import { createDestination, listDestinations } from "@/lib/notifications/destinations";

const NO_STORE = { "cache-control": "no-store" };

/** The organization's destinations (admins only), without secrets. */
export async function GET(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    const actor = await requireActorFromRequest(request);
    return Response.json({ destinations: await listDestinations(actor) }, { headers: NO_STORE });
  } catch (error) {
    return toErrorResponse(error, "GET /api/notifications/destinations");
  }
}

/** Body: { kind: "webhook" | "slack" | "email", url?, events: [...] }. A webhook's secret is in this answer only. */
export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request, { json: true });
    const actor = await requireActorFromRequest(request);
    const created = await createDestination(actor, await readJson(request, 8192), defaultUrlCheck());
    return Response.json(created, { status: 201, headers: NO_STORE });
  } catch (error) {
    return toErrorResponse(error, "POST /api/notifications/destinations");
  }
}
