import type { Actor } from "../auth/actor";
import type { Db } from "../db/client";
import { AppError } from "../errors";

export type ProposalView = {
  number: number;
  url: string;
  state: "open" | "merged" | "closed";
  branch: string;
  title: string;
  created_at: string;
  created_by: { name: string; email: string } | null;
  /** Our "Allegro templates" check run on the head, as its job last reported it. */
  check: { status: string; conclusion: string | null } | null;
  /** Paths the proposal changes, in the order they were proposed. */
  paths: string[];
};

type Row = Awaited<ReturnType<typeof rowsOf>>[number];

const rowsOf = (db: Db, where: Parameters<Db["templateProposal"]["findMany"]>[0]) =>
  db.templateProposal.findMany({ ...where, include: { changes: { select: { path: true }, orderBy: { id: "asc" } } } });

async function toViews(db: Db, rows: Row[]): Promise<ProposalView[]> {
  const ids = [...new Set(rows.map((r) => r.createdByUserId).filter((id): id is bigint => id !== null))];
  const users = ids.length
    ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } })
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.map((r) => {
    const user = r.createdByUserId === null ? undefined : byId.get(r.createdByUserId);
    return {
      number: r.number,
      url: r.url,
      state: r.state as ProposalView["state"],
      branch: r.branch,
      title: r.title,
      created_at: r.createdAt.toISOString(),
      created_by: user ? { name: user.name, email: user.email } : null,
      // A newer head than the one checked waits for its check.
      check:
        r.checkStatus && r.checkSha === r.headSha
          ? { status: r.checkStatus, conclusion: r.checkConclusion }
          : r.state === "open"
            ? { status: "queued", conclusion: null }
            : null,
      paths: [...new Set(r.changes.map((c) => c.path))],
    };
  });
}

/** The proposals that changed a template, newest first (tenant-scoped: another organization's id is not found). */
export async function listProposalsOfTemplate(db: Db, actor: Actor, templateId: string): Promise<ProposalView[]> {
  if (!/^\d{1,18}$/.test(templateId)) throw new AppError("not_found", "Template not found.");
  const template = await db.template.findFirst({
    where: { id: BigInt(templateId), tenantId: actor.tenantId, deletedAt: null },
    select: { id: true },
  });
  if (!template) throw new AppError("not_found", "Template not found.");
  const rows = await rowsOf(db, {
    where: { tenantId: actor.tenantId, changes: { some: { templateId: template.id } } },
    orderBy: { id: "desc" },
  });
  return toViews(db, rows);
}

/** The organization's open proposals, newest first (Settings → GitHub Sync). */
export async function listOpenProposals(db: Db, tenantId: bigint): Promise<ProposalView[]> {
  return toViews(db, await rowsOf(db, { where: { tenantId, state: "open" }, orderBy: { id: "desc" }, take: 50 }));
}

/**
 * Template id → the number of the open proposal changing it (the templates list marks them): one
 * statement, for the templates of one page when `templateIds` is given.
 */
export async function openProposalNumbers(
  db: Db,
  tenantId: bigint,
  templateIds?: string[],
): Promise<Map<string, number>> {
  const ids = templateIds?.filter((id) => /^\d{1,18}$/.test(id)).map((id) => BigInt(id)) ?? null;
  if (ids && !ids.length) return new Map();
  const rows = await db.$queryRaw<{ template_id: bigint; number: number }[]>`
    SELECT DISTINCT ON (c.template_id) c.template_id, p.number FROM template_proposal_changes c
    JOIN template_proposals p ON p.id = c.proposal_id AND p.tenant_id = ${tenantId} AND p.state = 'open'
    WHERE c.tenant_id = ${tenantId} AND c.template_id IS NOT NULL
      AND (${ids}::bigint[] IS NULL OR c.template_id = ANY(${ids}::bigint[]))
    ORDER BY c.template_id, p.id DESC`;
  return new Map(rows.map((r) => [r.template_id.toString(), r.number]));
}
