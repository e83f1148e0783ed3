import type { ProposalResult } from "./propose";

/** 201 when a pull request was opened, 200 when the change was added to an open one. */
export function answerProposal({ added, ...result }: ProposalResult): Response {
  return Response.json(result, { status: added ? 200 : 201 });
}
