"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/server";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { saveBranchPattern } from "@/lib/proposals/settings";

export type BranchPatternState = { error?: string; saved?: string; value?: string };

/** Settings → GitHub Sync → Proposals: the branch name pattern (admins; Next checks a server action's Origin). */
export async function saveBranchPatternAction(
  _previous: BranchPatternState,
  formData: FormData,
): Promise<BranchPatternState> {
  const actor = await requireActor("/settings/github-sync");
  const value = String(formData.get("branchPattern") ?? "");
  try {
    const saved = await saveBranchPattern(getDb(), actor, value);
    revalidatePath("/settings/github-sync");
    return { saved, value: saved };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { error: error.message, value };
  }
}
