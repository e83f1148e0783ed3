"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/server";
import { AppError } from "@/lib/errors";
import { startConnect } from "@/lib/github-sync/connect";
import { chooseRepository } from "@/lib/github-sync/repositories";
import { relayAfterResponse } from "@/inngest/outbox-relay";
import { disconnectTenant } from "@/lib/github-sync/settings";

const PAGE = "/settings/github-sync";

const actor = () => requireActor(PAGE);

export async function connectGithub(): Promise<void> {
  redirect(await startConnect(await actor()));
}

export type ChooseState = { error?: string };

export async function saveRepository(_previous: ChooseState, formData: FormData): Promise<ChooseState> {
  const current = await actor();
  try {
    await chooseRepository(current, {
      repository: String(formData.get("repository") ?? ""),
      branch: String(formData.get("branch") ?? ""),
      folder: String(formData.get("folder") ?? ""),
    });
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  relayAfterResponse();
  revalidatePath(PAGE);
  redirect(`${PAGE}?notice=saved`);
}

export async function disconnectGithub(): Promise<void> {
  await disconnectTenant(await actor());
  revalidatePath(PAGE);
  revalidatePath("/templates");
  redirect(`${PAGE}?notice=disconnected`);
}
