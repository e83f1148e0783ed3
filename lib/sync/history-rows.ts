import type { Db } from "../db/client";
import type { SyncCounts } from "./results";

/** A sync_runs row as the history shows it; `errors` is null except on the newest run with errors. */
export type HistoryRow = SyncCounts & {
  id: bigint;
  reason: string;
  status: string;
  commit: string | null;
  commitMessage: string | null;
  commitAuthor: string | null;
  githubRequests: number;
  notModified: number;
  durationMs: number | null;
  error: string | null;
  errors: unknown;
  errorCount: number;
  createdAt: Date;
  finishedAt: Date | null;
  inngestRunId: string | null;
};

/**
 * The organization's newest runs, in one statement (the settings page counts them), by the
 * (tenant_id, id) index. Only the newest run with errors reads its stored errors: the running
 * count of runs with errors, newest first, is 1 on that row alone.
 */
export function listHistoryRows(db: Db, tenantId: bigint, take: number): Promise<HistoryRow[]> {
  return db.$queryRaw<HistoryRow[]>`
    SELECT id, reason, status, commit,
      commit_message AS "commitMessage", commit_author AS "commitAuthor",
      created, updated, moved, deleted, unchanged, invalid,
      github_requests AS "githubRequests", github_not_modified AS "notModified",
      duration_ms AS "durationMs", error, error_count AS "errorCount",
      CASE
        WHEN error_count > 0
          AND count(*) FILTER (WHERE error_count > 0) OVER (ORDER BY id DESC ROWS UNBOUNDED PRECEDING) = 1
        THEN errors
      END AS errors,
      created_at AS "createdAt", finished_at AS "finishedAt", inngest_run_id AS "inngestRunId"
    FROM sync_runs
    WHERE tenant_id = ${tenantId}
    ORDER BY id DESC
    LIMIT ${take}`;
}
