import type { Actor } from "../auth/actor";
import { getTemplate, type TemplateView } from "../templates/service";
import { diffDocuments, type Change } from "./structural-diff";
import { diffTexts, type TextDiffLine } from "./text-diff";
import { findVersion, parseDocument } from "./versions";

/** "current" names the template as it is now; anything else is a version id. */
export const CURRENT = "current";

export type CompareSide = { id: string; created_at: string | null };
export type Comparison = {
  changes: Change[];
  before: CompareSide;
  after: CompareSide;
  /** Whether the texts differ at all (a formatting-only change has no structural change). */
  text_changed: boolean;
  text_diff?: TextDiffLine[];
};

/**
 * Compares two versions of a template (`a` before, `b` after), or a version with the
 * current one, field by field; with `text`, also line by line.
 */
export async function compareVersions(
  actor: Actor,
  templateId: string,
  a: string,
  b: string,
  { text = false } = {},
): Promise<Comparison> {
  const template = await getTemplate(actor, templateId);
  const [before, after] = [await side(actor, template, a), await side(actor, template, b)];
  return {
    changes: diffDocuments(parseDocument(before.text), parseDocument(after.text)),
    before: before.meta,
    after: after.meta,
    text_changed: before.text !== after.text,
    ...(text ? { text_diff: diffTexts(before.text, after.text) } : {}),
  };
}

async function side(actor: Actor, template: TemplateView, id: string) {
  if (id === CURRENT) {
    return { text: currentText(template), meta: { id: CURRENT, created_at: template.updatedAt } };
  }
  const { row, text } = await findVersion(actor, template.id, id);
  return { text, meta: { id: row.id.toString(), created_at: row.createdAt.toISOString() } };
}

/** The template's text as the editor shows it. */
export const currentText = (template: TemplateView) => template.sourceText ?? JSON.stringify(template.content, null, 2);
