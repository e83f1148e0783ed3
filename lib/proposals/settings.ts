import type { Actor } from "../auth/actor";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { branchPatternSchema, DEFAULT_BRANCH_PATTERN } from "./branch-name";

/** The organization's branch name pattern for new proposals (the default when none is saved). */
export async function readBranchPattern(db: Db, tenantId: bigint): Promise<{ pattern: string; saved: boolean }> {
  const row = await db.proposalSettings.findUnique({ where: { tenantId }, select: { branchPattern: true } });
  return { pattern: row?.branchPattern ?? DEFAULT_BRANCH_PATTERN, saved: Boolean(row) };
}

/** Admins set the pattern (with {slug}, {user} and {id}); an invalid one is refused and nothing changes. */
export async function saveBranchPattern(db: Db, actor: Actor, input: unknown): Promise<string> {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins can change proposal settings.");
  const parsed = branchPatternSchema.safeParse(input);
  if (!parsed.success) throw new AppError("validation", parsed.error.issues[0]!.message, { field: "branchPattern" });
  const branchPattern = parsed.data;
  await db.proposalSettings.upsert({
    where: { tenantId: actor.tenantId },
    create: { tenantId: actor.tenantId, branchPattern },
    update: { branchPattern },
  });
  return branchPattern;
}
