import type { Db } from "../db/client";
import type { DocumentProblem } from "../templates/document";

type Tx = Pick<Db, "$executeRaw" | "$queryRaw">;
export type FileProblem = { path: string; sha: string; problem: DocumentProblem };

/** The tenant's invalid files as last recorded, by path. */
export async function knownProblems(db: Tx, tenantId: bigint): Promise<Map<string, FileProblem>> {
  const rows = await db.$queryRaw<FileProblem[]>`
    SELECT path, sha, problem FROM sync_file_problems WHERE tenant_id = ${tenantId}`;
  return new Map(rows.map((r) => [r.path, r]));
}

/** Makes the recorded invalid files exactly `problems` (called by apply, inside its transaction). */
export async function recordProblems(tx: Tx, tenantId: bigint, problems: FileProblem[]) {
  const paths = problems.map((p) => p.path);
  await tx.$executeRaw`DELETE FROM sync_file_problems WHERE tenant_id = ${tenantId} AND NOT (path = ANY(${paths}::text[]))`;
  if (!problems.length) return;
  await tx.$executeRaw`
    INSERT INTO sync_file_problems (tenant_id, path, sha, problem)
    SELECT ${tenantId}, path, sha, problem::jsonb
    FROM unnest(${paths}::text[], ${problems.map((p) => p.sha)}::text[],
      ${problems.map((p) => JSON.stringify(p.problem))}::text[]) AS u(path, sha, problem)
    ON CONFLICT (tenant_id, path) DO UPDATE SET sha = excluded.sha, problem = excluded.problem`;
}
