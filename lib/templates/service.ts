import type { Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { recordSave } from "../history/record-save";
import { parseTemplateText, withoutBom } from "./document";

export type TemplateView = {
  id: string;
  name: string;
  description: string | null;
  content: unknown;
  /** The document exactly as written; null for templates saved before it was kept. */
  sourceText: string | null;
  syncSource: string | null;
  createdAt: string;
  updatedAt: string;
};

type Row = {
  id: bigint;
  name: string;
  description: string | null;
  content: unknown;
  sourceText: string | null;
  syncSource: string | null;
  createdAt: Date;
  updatedAt: Date;
};

function toView(row: Row): TemplateView {
  return {
    id: row.id.toString(),
    name: row.name,
    description: row.description,
    // jsonb reorders keys; the kept text gives them back in the order they were written.
    content: row.sourceText === null ? row.content : JSON.parse(row.sourceText),
    sourceText: row.sourceText,
    syncSource: row.syncSource,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function parseId(id: string): bigint {
  if (!/^\d{1,18}$/.test(id)) throw new AppError("not_found", "Template not found.");
  return BigInt(id);
}

function parseOrThrow(text: string) {
  const parsed = parseTemplateText(text);
  if (!parsed.ok) throw new AppError("validation", parsed.problem.message, { ...parsed.problem });
  return { ...parsed, sourceText: withoutBom(text) };
}

const SYNCED = (path: string) =>
  `This template is managed by GitHub sync (${path}); change the file in the repository, or disconnect GitHub Sync to edit it here.`;

export async function getTemplate(actor: Actor, id: string): Promise<TemplateView> {
  const row = await getDb().template.findFirst({
    where: { id: parseId(id), tenantId: actor.tenantId, deletedAt: null },
  });
  if (!row) throw new AppError("not_found", "Template not found.");
  return toView(row);
}

export async function createTemplate(
  actor: Actor,
  text: string,
  { maxManual = getEnv().maxManualTemplates }: { maxManual?: number } = {},
): Promise<TemplateView> {
  const { document, name, description, sourceText } = parseOrThrow(text);
  const row = await getDb().$transaction(async (tx) => {
    // The organization's row lock makes count-then-insert one step: parallel creates cannot pass the cap together.
    await tx.$queryRaw`SELECT id FROM tenants WHERE id = ${actor.tenantId} FOR UPDATE`;
    const made = await tx.template.count({ where: { tenantId: actor.tenantId, deletedAt: null, syncSource: null } });
    if (made >= maxManual) {
      throw new AppError(
        "validation",
        `${actor.tenantName} already has ${made.toLocaleString("en-US")} templates made in Allegro, the most allowed (${maxManual.toLocaleString("en-US")}). Delete some, or keep them in a GitHub repository with GitHub Sync.`,
        { limit: maxManual },
      );
    }
    // The template and its first version commit together (lib/history).
    const created = await tx.template.create({
      data: { tenantId: actor.tenantId, name, description, content: document, sourceText },
    });
    await recordSave(tx, { ...by(actor, created.id), event: "created", text: sourceText });
    return created;
  });
  return toView(row);
}

export async function updateTemplate(actor: Actor, id: string, text: string): Promise<TemplateView> {
  return (await saveTemplateText(actor, id, text)).template;
}

/** A restore saves an old version's text as a new version that says where it came from. */
export type SaveOrigin = { restoredFromId: bigint };

/** Saves a new text of an Allegro template and records the version; answers both. */
export async function saveTemplateText(actor: Actor, id: string, text: string, origin?: SaveOrigin) {
  const templateId = parseId(id);
  const { document, name, description, sourceText } = parseOrThrow(text);
  const saved = await getDb().$transaction(async (tx) => {
    // The sync_source check is part of the UPDATE itself, so a sync that takes the
    // template over concurrently cannot be overwritten by a stale editor.
    const { count } = await tx.template.updateMany({
      where: { id: templateId, tenantId: actor.tenantId, deletedAt: null, syncSource: null },
      data: { name, description, content: document, sourceText },
    });
    if (count === 0) return null;
    const event = origin ? "restored" : "changed";
    return recordSave(tx, { ...by(actor, templateId), event, text: sourceText, ...origin });
  });
  if (!saved) return explainRefusal(actor, templateId);
  return { template: await getTemplate(actor, id), versionId: saved.id };
}

export async function deleteTemplate(actor: Actor, id: string): Promise<void> {
  const templateId = parseId(id);
  const deleted = await getDb().$transaction(async (tx) => {
    const { count } = await tx.template.updateMany({
      where: { id: templateId, tenantId: actor.tenantId, deletedAt: null, syncSource: null },
      data: { deletedAt: new Date() },
    });
    if (count === 0) return false;
    const row = await tx.template.findUniqueOrThrow({ where: { id: templateId } });
    await recordSave(tx, { ...by(actor, templateId), event: "deleted", text: textOf(row) });
    return true;
  });
  if (!deleted) await explainRefusal(actor, templateId);
}

const by = (actor: Actor, templateId: bigint) => ({ tenantId: actor.tenantId, userId: actor.userId, templateId });

/** The text a template shows: as written, or (saved before the text was kept) its content as PostgreSQL prints it. */
const textOf = (row: { sourceText: string | null; content: unknown }) => row.sourceText ?? JSON.stringify(row.content);

async function explainRefusal(actor: Actor, templateId: bigint): Promise<never> {
  const row = await getDb().template.findFirst({
    where: { id: templateId, tenantId: actor.tenantId, deletedAt: null },
    select: { syncSource: true },
  });
  if (row?.syncSource) throw new AppError("conflict", SYNCED(row.syncSource), { syncSource: row.syncSource });
  throw new AppError("not_found", "Template not found.");
}
