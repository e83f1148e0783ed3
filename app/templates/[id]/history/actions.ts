"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/server";
import { AppError } from "@/lib/errors";
import { restoreVersion } from "@/lib/history/restore";
import { historyErrorCode } from "./notices";

/**
 * "Restore this version" on the History tab: for an Allegro template a new version with that
 * text; for a synced template a pull request proposing it. Then back to the timeline.
 */
export async function restoreVersionAction(formData: FormData): Promise<void> {
  const id = String(formData.get("templateId") ?? "");
  const versionId = String(formData.get("versionId") ?? "");
  const actor = await requireActor(`/templates/${encodeURIComponent(id)}/history`);
  let target: string;
  try {
    const result = await restoreVersion(actor, id, versionId);
    target =
      "proposal" in result
        ? `/templates/${encodeURIComponent(id)}/history?proposed=${result.proposal.number}`
        : `/templates/${encodeURIComponent(id)}/history?restored=${result.version.id}`;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const code = historyErrorCode(error.code);
    target = `/templates/${encodeURIComponent(id)}/history${code === "not_found" ? "" : `/${encodeURIComponent(versionId)}`}?error=${code}`;
  }
  revalidatePath(`/templates/${id}`);
  redirect(target);
}
