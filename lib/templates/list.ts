import { z } from "../zod";
import type { Actor } from "../auth/actor";
import { getDb, type Db } from "../db/client";
import { AppError } from "../errors";

/** One row of the templates list: the list's columns only, never the document. */
export type TemplateListItem = {
  id: string;
  name: string;
  description: string | null;
  syncSource: string | null;
  updatedAt: string;
};

export type TemplatePage = { templates: TemplateListItem[]; next_cursor: string | null };

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/** The cursor is the last row's place in the keyset order (name, id), opaque to callers. */
const cursorSchema = z.object({ n: z.string().max(1000), i: z.string().regex(/^\d{1,18}$/) });

export const listQuerySchema = z.object({
  limit: z.coerce
    .number({ message: "limit must be a whole number from 1 to 100" })
    .int("limit must be a whole number from 1 to 100")
    .min(1, "limit must be a whole number from 1 to 100")
    .max(MAX_PAGE_SIZE, "limit must be a whole number from 1 to 100")
    .default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(2000).optional(),
  q: z.string().trim().max(200, "q must be at most 200 characters").optional(),
});

export type ListQuery = z.input<typeof listQuerySchema>;

export function encodeCursor(row: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify({ n: row.name, i: row.id })).toString("base64url");
}

function decodeCursor(cursor: string): { name: string; id: bigint } {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { name: parsed.n, id: BigInt(parsed.i) };
  } catch {
    throw new AppError("validation", "cursor is not one this list gave out; start again from the first page.", {
      field: "cursor",
    });
  }
}

/** Turns query parameters into a ListQuery, or a 422 naming the parameter at fault. */
export function parseListQuery(input: Record<string, string | undefined>) {
  const parsed = listQuerySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("validation", issue.message, { field: String(issue.path[0]) });
  }
  return parsed.data;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type Row = { id: bigint; name: string; description: string | null; sync_source: string | null; updated_at: Date };

/**
 * One page of the organization's templates in a stable order (name, then id), found
 * with a keyset on the (tenant_id, name, id) index: the first page costs the same
 * with 50 templates or 50,000, and no document is read or parsed.
 */
export async function listTemplatePage(actor: Actor, query: ListQuery = {}, db: Db = getDb()): Promise<TemplatePage> {
  const { limit, cursor, q } = listQuerySchema.parse(query);
  const after = cursor ? decodeCursor(cursor) : null;
  const search = q ? likePattern(q) : null;
  const rows = await db.$queryRaw<Row[]>`
    SELECT id, name, description, sync_source, updated_at FROM templates
    WHERE tenant_id = ${actor.tenantId} AND deleted_at IS NULL
      AND (${search}::text IS NULL OR name ILIKE ${search}::text)
      AND (${after?.name ?? null}::text IS NULL OR (name, id) > (${after?.name ?? ""}::text, ${after?.id ?? 0n}::bigint))
    ORDER BY name, id
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit).map((row) => ({
    id: row.id.toString(),
    name: row.name,
    description: row.description,
    syncSource: row.sync_source,
    updatedAt: row.updated_at.toISOString(),
  }));
  const last = page.at(-1);
  return { templates: page, next_cursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** How many templates the list holds (matching `q` when given). */
export async function countTemplates(actor: Actor, q?: string, db: Db = getDb()): Promise<number> {
  const search = q?.trim() ? likePattern(q.trim()) : null;
  const [row] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM templates
    WHERE tenant_id = ${actor.tenantId} AND deleted_at IS NULL
      AND (${search}::text IS NULL OR name ILIKE ${search}::text)`;
  return Number(row?.count ?? 0);
}
