"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/server";
import { AppError } from "@/lib/errors";
import { restoreVersion } from "@/lib/history/restore";

/** "Restore this version" on the History tab: a new version with that text, then back to the timeline. */
export async function restoreVersionAction(formData: FormData): Promise<void> {
  const id = String(formData.get("templateId") ?? "");
  const versionId = String(formData.get("versionId") ?? "");
  const actor = await requireActor(`/templates/${encodeURIComponent(id)}/history`);
  let target: string;
  try {
    const { version } = await restoreVersion(actor, id, versionId);
    target = `/templates/${id}/history?restored=${version.id}`;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const code =
      error.code === "conflict" && error.details?.syncSource
        ? "synced"
        : error.code === "validation"
          ? "invalid"
          : error.code === "not_found"
            ? "not_found"
            : "conflict";
    target = `/templates/${encodeURIComponent(id)}/history${code === "not_found" ? "" : `/${encodeURIComponent(versionId)}`}?error=${code}`;
  }
  revalidatePath(`/templates/${id}`);
  redirect(target);
}
