import { z } from "zod";
import { assertAdmin, type Actor } from "../auth/actor";
import { getDb, type Db } from "../db/client";
import { AppError } from "../errors";
import { fileLineUrl } from "../github/links";
import { liveConnectionOf } from "../github-sync/connection";
import { syncFileErrorSchema, type SyncFileError } from "./results";

/** One page of the organization's invalid synced files, in path order. */
export type ProblemPage = {
  problems: (SyncFileError & { url: string | null })[];
  next_cursor: string | null;
};

const LIMIT_MESSAGE = "limit must be a whole number from 1 to 100";
export const problemQuerySchema = z.object({
  limit: z.coerce
    .number({ message: LIMIT_MESSAGE })
    .int(LIMIT_MESSAGE)
    .min(1, LIMIT_MESSAGE)
    .max(100, LIMIT_MESSAGE)
    .default(100),
  cursor: z.string().max(4000).optional(),
});
export type ProblemQuery = z.input<typeof problemQuerySchema>;

/** Turns query parameters into a ProblemQuery, or a 422 naming the parameter at fault. */
export function parseProblemQuery(input: Record<string, string | undefined>) {
  const parsed = problemQuerySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("validation", issue.message, { field: String(issue.path[0]) });
  }
  return parsed.data;
}

/** The cursor is the last path of the page, opaque to callers. */
const encodeCursor = (path: string) => Buffer.from(path, "utf8").toString("base64url");
function decodeCursor(cursor: string): string {
  const path = Buffer.from(cursor, "base64url").toString("utf8");
  if (!path || encodeCursor(path) !== cursor)
    throw new AppError("validation", "cursor is not one this list gave out; start again from the first page.", {
      field: "cursor",
    });
  return path;
}

const problemSchema = syncFileErrorSchema.omit({ path: true });

/**
 * The invalid files the last sync recorded (sync_file_problems), a page at a time with a
 * keyset on the (tenant_id, path) key: the run and the connection keep only the first 100.
 * Admins only. Links point at the last synced commit.
 */
export async function listFileProblems(actor: Actor, query: ProblemQuery = {}, db: Db = getDb()): Promise<ProblemPage> {
  assertAdmin(actor);
  const { limit, cursor } = problemQuerySchema.parse(query);
  const after = cursor ? decodeCursor(cursor) : null;
  const [rows, connection] = await Promise.all([
    db.$queryRaw<{ path: string; problem: unknown }[]>`
      SELECT path, problem FROM sync_file_problems
      WHERE tenant_id = ${actor.tenantId} AND (${after}::text IS NULL OR path > ${after}::text)
      ORDER BY path
      LIMIT ${limit + 1}`,
    db.githubAppInstallation.findFirst({
      where: liveConnectionOf(actor.tenantId),
      select: { repositoryUrl: true, lastSyncHash: true },
    }),
  ]);
  const page = rows.slice(0, limit);
  return {
    problems: page.map(({ path, problem }) => {
      const parsed = problemSchema.safeParse(problem);
      const details = parsed.success ? parsed.data : { message: "Not a valid template." };
      const url = fileLineUrl(connection?.repositoryUrl ?? null, connection?.lastSyncHash ?? null, path, details.line);
      return { path, ...details, url };
    }),
    next_cursor: rows.length > limit ? encodeCursor(page.at(-1)!.path) : null,
  };
}
