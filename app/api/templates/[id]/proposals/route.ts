import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { readBodyText } from "@/lib/http/read-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { defaultProposalDeps } from "@/lib/proposals/deps";
import { listProposalsOfTemplate } from "@/lib/proposals/list";
import { proposeTemplateChange, proposeTemplateDeletion } from "@/lib/proposals/propose";
import { answerProposal } from "@/lib/proposals/answer";
import { parseChangeBody } from "@/lib/proposals/request";
import { MAX_TEMPLATE_BYTES } from "@/lib/templates/document";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  try {
    const actor = await requireActorFromRequest(request);
    const deps = defaultProposalDeps();
    return Response.json({ proposals: await listProposalsOfTemplate(deps.db, actor, (await params).id) });
  } catch (error) {
    return toErrorResponse(error, "GET /api/templates/:id/proposals");
  }
}

/** Body: {"text", "title"?, "description"?, "proposal"?} or {"delete": true, …}. 201 opened, 200 added. */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  try {
    assertSameOrigin(request, { json: true });
    const actor = await requireActorFromRequest(request);
    const body = parseChangeBody(await readBodyText(request, MAX_TEMPLATE_BYTES + 16_384));
    const templateId = (await params).id;
    const deps = defaultProposalDeps();
    const result =
      "text" in body
        ? await proposeTemplateChange(deps, actor, { ...body, templateId })
        : await proposeTemplateDeletion(deps, actor, { ...body, templateId });
    return answerProposal(result);
  } catch (error) {
    return toErrorResponse(error, "POST /api/templates/:id/proposals");
  }
}
