import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { readBodyText } from "@/lib/http/read-body";
import { MAX_TEMPLATE_BYTES } from "@/lib/templates/document";
import { deleteTemplate, getTemplate, updateTemplate } from "@/lib/templates/service";
import { assertSameOrigin } from "@/lib/http/same-origin";

type Context = { params: Promise<{ id: string }> };
export async function GET(request: Request, { params }: Context): Promise<Response> {
  try {
    const actor = await requireActorFromRequest(request);
    return Response.json({ template: await getTemplate(actor, (await params).id) });
  } catch (error) {
    return toErrorResponse(error, "GET /api/templates/:id");
  }
}

export async function PUT(request: Request, { params }: Context): Promise<Response> {
  try {
    assertSameOrigin(request, { json: true });
    const actor = await requireActorFromRequest(request);
    const template = await updateTemplate(actor, (await params).id, await readBodyText(request, MAX_TEMPLATE_BYTES));
    return Response.json({ template });
  } catch (error) {
    return toErrorResponse(error, "PUT /api/templates/:id");
  }
}

export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  try {
    assertSameOrigin(request);
    const actor = await requireActorFromRequest(request);
    await deleteTemplate(actor, (await params).id);
    return new Response(null, { status: 204 });
  } catch (error) {
    return toErrorResponse(error, "DELETE /api/templates/:id");
  }
}
