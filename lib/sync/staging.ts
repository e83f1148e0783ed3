import type { Db } from "../db/client";
import type { DocumentProblem } from "../templates/document";
import type { TreeFile } from "./files";
import type { ValidatedFile } from "./files";

/** Rows per statement: the listing's batch as JSON stays under V8's large-object size (see fetch-files.ts). */
const BATCH = 500;

type Tx = Pick<Db, "$executeRaw" | "$queryRaw">;
export type ListedFile = { path: string; sha: string; size: number; fetch: boolean; previousPath: string | null };

/**
 * Replaces the run's listing (so a retried read-tree is idempotent) with one
 * multi-row insert per batch. Rows travel as one JSON document per statement
 * (jsonb_to_recordset): one native JSON.stringify instead of pg's element-by-element
 * array literals, which allocated several times the data under a 10,000-file sync.
 */
export async function stageListing(db: Db, runId: bigint, files: ListedFile[]) {
  await db.$executeRaw`DELETE FROM sync_run_listing WHERE run_id = ${runId}`;
  for (let i = 0; i < files.length; i += BATCH) {
    const rows = files.slice(i, i + BATCH).map((f) => ({
      path: f.path,
      sha: f.sha,
      size: f.size,
      needs_fetch: f.fetch,
      previous_path: f.previousPath,
    }));
    await db.$executeRaw`
      INSERT INTO sync_run_listing (run_id, path, sha, size, needs_fetch, previous_path)
      SELECT ${runId}, path, sha, size, needs_fetch, previous_path
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS u(path text, sha text, size int, needs_fetch boolean, previous_path text)`;
  }
  await analyzeIfLarge(db, "sync_run_listing", files.length);
}

/**
 * Staging tables swing from empty to 100,000 rows within minutes, faster than
 * autovacuum re-analyzes them; with stale statistics apply's joins turn into
 * nested loops over sequential scans (quadratic). Large stagings refresh them.
 */
export async function analyzeIfLarge(db: Db, table: "sync_run_listing" | "sync_run_files", rows: number) {
  if (rows < 1000) return;
  if (table === "sync_run_listing") await db.$executeRaw`ANALYZE sync_run_listing`;
  else await db.$executeRaw`ANALYZE sync_run_files`;
}

/** The files fetch-files must download, in path order. */
export async function listedForFetch(db: Db, runId: bigint): Promise<TreeFile[]> {
  const rows = await db.$queryRaw<{ path: string; sha: string; size: number }[]>`
    SELECT path, sha, size FROM sync_run_listing WHERE run_id = ${runId} AND needs_fetch ORDER BY path`;
  return rows.map((r) => [r.path, r.sha, r.size]);
}

export type FetchedFile = { path: string; sha: string; file: ValidatedFile };

/** Appends fetched and validated files to the run's staged files (one JSON document per statement, as above). */
export async function stageFetched(db: Db, runId: bigint, files: FetchedFile[]) {
  for (let i = 0; i < files.length; i += BATCH) {
    const rows = files
      .slice(i, i + BATCH)
      .map(({ path, sha, file }) =>
        file.ok
          ? { path, sha, name: file.name, description: file.description, content: file.content, source_text: file.text }
          : { path, sha, problem: file.problem satisfies DocumentProblem },
      );
    await db.$executeRaw`
      INSERT INTO sync_run_files (run_id, path, sha, name, description, content, problem, source_text)
      SELECT ${runId}, path, sha, name, description, content, problem, source_text
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS u(path text, sha text, name text, description text, content jsonb, problem jsonb, source_text text)`;
  }
}

export async function clearFetched(db: Db, runId: bigint) {
  await db.$executeRaw`DELETE FROM sync_run_files WHERE run_id = ${runId}`;
}

/** Drops everything a run staged (when it finishes, applied or not). */
export async function clearStaging(db: Tx, runId: bigint) {
  await db.$executeRaw`DELETE FROM sync_run_files WHERE run_id = ${runId}`;
  await db.$executeRaw`DELETE FROM sync_run_listing WHERE run_id = ${runId}`;
}
