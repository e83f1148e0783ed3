import type { Db } from "../db/client";

/**
 * Our "Allegro templates" check run on a proposal's head, as the check job reports it, so the
 * template page and the settings page show it without asking GitHub. No proposal: nothing happens.
 */
export async function recordProposalCheck(
  db: Db,
  check: {
    tenantId: string;
    repository: string;
    pullNumber: number;
    headSha: string;
    status: string;
    conclusion: string | null;
  },
) {
  await db.templateProposal.updateMany({
    where: {
      tenantId: BigInt(check.tenantId),
      number: check.pullNumber,
      repository: { equals: check.repository, mode: "insensitive" },
    },
    data: { checkStatus: check.status, checkConclusion: check.conclusion, checkSha: check.headSha },
  });
}
