import type { Db } from "../db/client";
import { AppError } from "../errors";

/** Tenant-scoped reads and writes of template_proposals and their changes. */

export type ProposalRow = NonNullable<Awaited<ReturnType<Db["templateProposal"]["findFirst"]>>>;
export type ChangeAction = "update" | "create" | "delete";

/** The organization's proposal `number` in `repositoryId`, which must still be open. */
export async function findOpenProposal(db: Db, tenantId: bigint, repositoryId: bigint, number: number) {
  const row = await db.templateProposal.findFirst({ where: { tenantId, repositoryId, number } });
  if (!row) throw new AppError("not_found", `No proposal #${number} from Allegro in the synced repository.`);
  if (row.state !== "open")
    throw new AppError("conflict", `Pull request #${number} is ${row.state}: open a new proposal instead.`, {
      commit: null,
    });
  return row;
}

/** The open proposal that already changes this template (a new edit adds to it). */
export async function findOpenProposalOfTemplate(db: Db, tenantId: bigint, repositoryId: bigint, templateId: bigint) {
  return db.templateProposal.findFirst({
    where: { tenantId, repositoryId, state: "open", changes: { some: { templateId } } },
    orderBy: { id: "desc" },
  });
}

/** The last change a proposal made to a path: what its branch holds there now. */
export async function lastChangeAt(db: Db, proposalId: bigint, path: string) {
  return db.templateProposalChange.findFirst({ where: { proposalId, path }, orderBy: { id: "desc" } });
}

export type ChangeRecord = {
  tenantId: bigint;
  templateId: bigint | null;
  path: string;
  action: ChangeAction;
  text: string | null;
  blobSha: string | null;
  commitSha: string;
  userId: bigint;
};

const changeData = (c: ChangeRecord) => ({
  tenantId: c.tenantId,
  templateId: c.templateId,
  path: c.path,
  action: c.action,
  text: c.text,
  blobSha: c.blobSha,
  commitSha: c.commitSha,
  createdByUserId: c.userId,
});

export async function insertProposal(
  db: Db,
  proposal: {
    tenantId: bigint;
    installationId: bigint;
    repositoryId: bigint;
    repository: string;
    number: number;
    url: string;
    branch: string;
    baseBranch: string;
    startSha: string;
    headSha: string;
    title: string;
    userId: bigint;
  },
  change: ChangeRecord,
) {
  const { userId, ...fields } = proposal;
  return db.templateProposal.create({
    data: { ...fields, createdByUserId: userId, changes: { create: changeData(change) } },
  });
}

/** A commit added to an open proposal's branch. */
export async function addChange(db: Db, proposal: ProposalRow, change: ChangeRecord) {
  await db.$transaction([
    db.templateProposalChange.create({ data: { ...changeData(change), proposalId: proposal.id } }),
    db.templateProposal.update({ where: { id: proposal.id }, data: { headSha: change.commitSha } }),
  ]);
}
