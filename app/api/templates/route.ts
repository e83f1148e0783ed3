import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { readBodyText } from "@/lib/http/read-body";
import { createTemplate, listTemplates } from "@/lib/templates/service";
import { assertSameOrigin } from "@/lib/http/same-origin";

const MAX_TEMPLATE_BYTES = 1024 * 1024;

export async function GET(request: Request): Promise<Response> {
  try {
    const actor = await requireActorFromRequest(request);
    return Response.json({ templates: await listTemplates(actor) });
  } catch (error) {
    return toErrorResponse(error, "GET /api/templates");
  }
}

/** Body: the template document itself (JSON). */
export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request, { json: true });
    const actor = await requireActorFromRequest(request);
    const template = await createTemplate(actor, await readBodyText(request, MAX_TEMPLATE_BYTES));
    return Response.json({ template }, { status: 201 });
  } catch (error) {
    return toErrorResponse(error, "POST /api/templates");
  }
}
