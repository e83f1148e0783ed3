"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/server";
import { AppError } from "@/lib/errors";
import { startConnect } from "@/lib/github-sync/connect";
import { startReconnect } from "@/lib/github-sync/reconnect";
import { chooseRepository } from "@/lib/github-sync/repositories";
import { relayAfterResponse } from "@/inngest/outbox-relay";
import { disconnectTenant } from "@/lib/github-sync/settings";

const PAGE = "/settings/github-sync";

const actor = () => requireActor(PAGE);

export async function connectGithub(): Promise<void> {
  redirect(await startConnect(await actor()));
}

/** "Reconnect": the installation this organization had, or the one a sealed confirmation names. */
export async function reconnectGithub(formData: FormData): Promise<void> {
  const confirm = formData.get("confirm");
  redirect(await startReconnect(await actor(), typeof confirm === "string" && confirm ? confirm : undefined));
}

export type RepositoryValues = { repository: string; branch: string; folder: string };
/** The form's values come back on every error, so nothing typed is lost. */
export type ChooseState = { error?: string; field?: keyof RepositoryValues; values?: RepositoryValues };

export async function saveRepository(_previous: ChooseState, formData: FormData): Promise<ChooseState> {
  const current = await actor();
  const values: RepositoryValues = {
    repository: String(formData.get("repository") ?? ""),
    branch: String(formData.get("branch") ?? ""),
    folder: String(formData.get("folder") ?? ""),
  };
  try {
    await chooseRepository(current, values);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const field = error.details?.field;
    return {
      error: error.message,
      field: field === "branch" || field === "folder" || field === "repository" ? field : undefined,
      values,
    };
  }
  relayAfterResponse();
  revalidatePath(PAGE);
  redirect(`${PAGE}?notice=${formData.get("mode") === "edit" ? "edited" : "saved"}`);
}

export async function disconnectGithub(): Promise<void> {
  await disconnectTenant(await actor());
  revalidatePath(PAGE);
  revalidatePath("/templates");
  redirect(`${PAGE}?notice=disconnected`);
}
