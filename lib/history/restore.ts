import { z } from "zod";
import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import { saveTemplateText } from "../templates/service";
import type { VersionView } from "./version-view";
import { findVersion, getVersion } from "./versions";

/** The restore route's body: `{}` (nothing to choose yet). */
const bodySchema = z.object({}).strict();

export function parseRestoreBody(text: string) {
  let body: unknown;
  try {
    body = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new AppError("validation", "The body must be the JSON object {}.");
  }
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) throw new AppError("validation", "The body must be the JSON object {} (no fields).");
  return parsed.data;
}

export type RestoreResult = { version: VersionView };

/**
 * Restore this version. An Allegro template gets a new version with that text (the
 * history only grows); its summary names the version it came from.
 */
export async function restoreVersion(actor: Actor, templateId: string, versionId: string): Promise<RestoreResult> {
  const { template, row, text } = await findVersion(actor, templateId, versionId);
  if (template.syncSource) {
    throw new AppError(
      "conflict",
      `This template is managed by GitHub sync (${template.syncSource}): restoring a version opens a pull request, which this server cannot do yet.`,
      { syncSource: template.syncSource },
    );
  }
  const { versionId: created } = await saveTemplateText(actor, template.id, text, { restoredFromId: row.id });
  const { version } = await getVersion(actor, template.id, created.toString());
  const { text: _text, ...view } = version;
  return { version: view };
}
