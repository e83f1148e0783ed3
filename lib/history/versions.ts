import { z } from "../zod";
import type { Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { getTemplate } from "../templates/service";
import { diffDocuments } from "./structural-diff";
import { summarize } from "./summary";
import { keyOf, toVersionView, VERSION_SELECT, type VersionRow, type VersionView } from "./version-view";

export const MAX_PAGE = 100;
const ID = /^\d{1,18}$/;

const pageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z.string().regex(ID, "cursor must be a version id from next_cursor").optional(),
});

export type VersionPage = { versions: VersionView[]; next_cursor: string | null };

/** Parses ?limit=&cursor= (a bad value is a 400 that says which). */
export function parsePageQuery(query: { limit?: string | null; cursor?: string | null }) {
  const parsed = pageSchema.safeParse({ limit: query.limit ?? undefined, cursor: query.cursor ?? undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? "query");
    const message = field === "limit" ? `limit must be a whole number from 1 to ${MAX_PAGE}` : issue.message;
    throw new AppError("bad_request", message, { field });
  }
  return parsed.data;
}

export function parseVersionId(id: string): bigint {
  if (!ID.test(id)) throw new AppError("not_found", "Version not found.");
  return BigInt(id);
}

/**
 * A template's versions, newest first, `limit` a page, continuing below `cursor`.
 * All from PostgreSQL: no GitHub request. Each version's summary compares it with
 * the one before it, so one more row than the page is read.
 */
export async function listVersions(
  actor: Actor,
  templateId: string,
  page: { limit: number; cursor?: string },
): Promise<VersionPage> {
  const template = await getTemplate(actor, templateId);
  const rows = await getDb().templateVersion.findMany({
    where: {
      templateId: BigInt(template.id),
      tenantId: actor.tenantId,
      ...(page.cursor ? { id: { lt: BigInt(page.cursor) } } : {}),
    },
    orderBy: { id: "desc" },
    take: page.limit + 1,
    select: VERSION_SELECT,
  });
  const texts = await loadTexts(rows);
  const shown = rows.slice(0, page.limit);
  const versions = shown.map((row, i) => {
    const previous = rows[i + 1] ?? null;
    return toVersionView(row, summaryOf(row, previous, texts));
  });
  return { versions, next_cursor: rows.length > page.limit ? shown.at(-1)!.id.toString() : null };
}

/** One version with its text exactly as written. */
export async function getVersion(actor: Actor, templateId: string, versionId: string) {
  const { row, text } = await findVersion(actor, templateId, versionId);
  const previous = await getDb().templateVersion.findFirst({
    where: { templateId: BigInt(templateId), tenantId: actor.tenantId, id: { lt: row.id } },
    orderBy: { id: "desc" },
    select: VERSION_SELECT,
  });
  const texts = await loadTexts(previous ? [row, previous] : [row]);
  return { version: { ...toVersionView(row, summaryOf(row, previous, texts)), text } };
}

/** A version of this template of the actor's organization (anything else is not found), with its text. */
export async function findVersion(actor: Actor, templateId: string, versionId: string) {
  const template = await getTemplate(actor, templateId);
  const row = await getDb().templateVersion.findFirst({
    where: { id: parseVersionId(versionId), templateId: BigInt(template.id), tenantId: actor.tenantId },
    select: VERSION_SELECT,
  });
  if (!row) throw new AppError("not_found", "Version not found.");
  const text = (await loadTexts([row])).get(keyOf(row.textSha256));
  // Texts are append-only and every version's text is checked when it is written (see the
  // migration 20261206000300_template_versions_statement_checks), so this is a broken database.
  if (text === undefined) throw new Error(`the text of template version ${row.id} is missing`);
  return { template, row, text };
}

async function loadTexts(rows: VersionRow[]): Promise<Map<string, string>> {
  const keys = new Map(rows.map((r) => [keyOf(r.textSha256), r.textSha256]));
  const found = await getDb().templateText.findMany({
    where: { sha256: { in: [...keys.values()] as Uint8Array<ArrayBuffer>[] } },
  });
  return new Map(found.map((t) => [keyOf(t.sha256), t.text]));
}

function summaryOf(row: VersionRow, previous: VersionRow | null, texts: Map<string, string>): string {
  const input = (r: VersionRow) => ({
    event: r.event,
    path: r.path,
    text: texts.get(keyOf(r.textSha256)) ?? "",
    restoredFromId: r.restoredFromId?.toString() ?? null,
  });
  const current = input(row);
  const before = previous ? input(previous) : null;
  const changes = before ? diffDocuments(parseDocument(before.text), parseDocument(current.text)) : null;
  return summarize(current, before, changes);
}

/** Version texts were valid templates when recorded; a text that is not JSON compares as a string. */
export function parseDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
