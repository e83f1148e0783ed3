"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/server";
import { AppError } from "@/lib/errors";
import { createTemplate, deleteTemplate, updateTemplate } from "@/lib/templates/service";
import type { EditorState } from "@/components/template-editor";
import { deleteErrorCode, type DeleteErrorCode } from "./delete-errors";

async function run(work: () => Promise<unknown>): Promise<EditorState | null> {
  try {
    await work();
    return null;
  } catch (error) {
    if (error instanceof AppError) {
      const { line, column } = error.details ?? {};
      return { error: error.message, line: line as number | undefined, column: column as number | undefined };
    }
    throw error;
  }
}

const actorOrLogin = () => requireActor("/templates");

export async function saveTemplate(_previous: EditorState, formData: FormData): Promise<EditorState> {
  const actor = await actorOrLogin();
  const id = formData.get("id");
  // Forms submit a textarea's line breaks as CRLF; the text as typed has LF.
  const content = String(formData.get("content") ?? "").replaceAll("\r\n", "\n");
  const failure = await run(() =>
    typeof id === "string" && id ? updateTemplate(actor, id, content) : createTemplate(actor, content),
  );
  if (failure) return failure;
  revalidatePath("/templates");
  redirect("/templates");
}

export async function removeTemplate(formData: FormData): Promise<void> {
  const actor = await actorOrLogin();
  let failure: DeleteErrorCode | null = null;
  try {
    await deleteTemplate(actor, String(formData.get("id") ?? ""));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    failure = deleteErrorCode(error);
  }
  revalidatePath("/templates");
  redirect(failure ? `/templates?error=${failure}` : "/templates");
}
