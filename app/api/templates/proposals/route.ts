import { requireActorFromRequest } from "@/lib/auth/request";
import { toErrorResponse } from "@/lib/errors";
import { readBodyText } from "@/lib/http/read-body";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { answerProposal } from "@/lib/proposals/answer";
import { defaultProposalDeps } from "@/lib/proposals/deps";
import { proposeNewTemplate } from "@/lib/proposals/propose";
import { parseNewFileBody } from "@/lib/proposals/request";
import { MAX_TEMPLATE_BYTES } from "@/lib/templates/document";

/** Body: {"path", "text", "title"?, "description"?, "proposal"?}: a new template file. 201 opened, 200 added. */
export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request, { json: true });
    const actor = await requireActorFromRequest(request);
    const body = parseNewFileBody(await readBodyText(request, MAX_TEMPLATE_BYTES + 16_384));
    return answerProposal(await proposeNewTemplate(defaultProposalDeps(), actor, body));
  } catch (error) {
    return toErrorResponse(error, "POST /api/templates/proposals");
  }
}
