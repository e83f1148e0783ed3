import { z } from "../zod";
import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import { defaultProposalDeps, type ProposalDeps } from "../proposals/deps";
import { proposeTemplateChange, type ProposalResult } from "../proposals/propose";
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

export type RestoreResult = { version: VersionView } | { proposal: Omit<ProposalResult, "added"> };

/**
 * Restore this version. An Allegro template gets a new version with that text (the
 * history only grows); its summary names the version it came from. A template managed
 * by GitHub sync is never changed here: the text is proposed as a pull request (or added
 * to the open proposal that already changes this template), and the sync brings it in
 * once it is merged.
 */
export async function restoreVersion(
  actor: Actor,
  templateId: string,
  versionId: string,
  proposalDeps: () => ProposalDeps = defaultProposalDeps,
): Promise<RestoreResult> {
  const { template, row, text } = await findVersion(actor, templateId, versionId);
  if (template.syncSource) {
    const when = row.createdAt.toISOString().slice(0, 10);
    const { added: _added, ...proposal } = await proposeTemplateChange(proposalDeps(), actor, {
      templateId: template.id,
      text,
      title: `Restore ${template.name} to its version of ${when}`,
      description: `Restores the text of version ${row.id} (${when}) from Allegro's history of ${template.syncSource}.`,
    });
    return { proposal };
  }
  const { versionId: created } = await saveTemplateText(actor, template.id, text, { restoredFromId: row.id });
  const { version } = await getVersion(actor, template.id, created.toString());
  const { text: _text, ...view } = version;
  return { version: view };
}
