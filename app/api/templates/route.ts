import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { readBodyText } from "@/lib/http/read-body";
import { MAX_TEMPLATE_BYTES } from "@/lib/templates/document";
import { listTemplatePage, parseListQuery } from "@/lib/templates/list";
import { createTemplate } from "@/lib/templates/service";
import { assertSameOrigin } from "@/lib/http/same-origin";

/** Query: `limit` (1–100, default 50), `cursor` (the previous page's `next_cursor`), `q` (part of the name). */
export async function GET(request: Request): Promise<Response> {
  try {
    const actor = await requireActorFromRequest(request);
    const params = new URL(request.url).searchParams;
    const query = parseListQuery({
      limit: params.get("limit") || undefined,
      cursor: params.get("cursor") || undefined,
      q: params.get("q") || undefined,
    });
    return Response.json(await listTemplatePage(actor, query));
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
