import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { readBodyText } from "@/lib/http/read-body";
import { MAX_TEMPLATE_BYTES } from "@/lib/templates/document";
import { createTemplate, listTemplates } from "@/lib/templates/service";
import { assertSameOrigin } from "@/lib/http/same-origin";

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
