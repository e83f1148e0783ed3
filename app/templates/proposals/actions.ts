"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireActor } from "@/lib/auth/server";
import { AppError } from "@/lib/errors";
import { defaultProposalDeps } from "@/lib/proposals/deps";
import { proposeNewTemplate, proposeTemplateChange, proposeTemplateDeletion } from "@/lib/proposals/propose";
import type { ProposalFormState } from "./form-state";

/** The form's fields, checked like the API's bodies (lib/proposals/request.ts). */
const formSchema = z.object({
  title: z.string().trim().max(256, "The title can have at most 256 characters."),
  description: z.string().max(10_000, "The description can have at most 10,000 characters."),
  proposal: z.union([z.literal(""), z.coerce.number().int().positive()]),
});

const field = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

/** Forms submit a textarea's line breaks as CRLF; the text as typed has LF. */
const textOf = (formData: FormData) => field(formData, "text").replaceAll("\r\n", "\n");

function optionsOf(formData: FormData) {
  const parsed = formSchema.safeParse({
    title: field(formData, "title"),
    description: field(formData, "description"),
    proposal: field(formData, "proposal"),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("validation", issue.message, { field: String(issue.path[0]) });
  }
  const { title, description, proposal } = parsed.data;
  return {
    title: title || undefined,
    description: description.trim() ? description : undefined,
    proposal: proposal === "" ? undefined : proposal,
  };
}

function refusal(error: unknown): ProposalFormState {
  if (!(error instanceof AppError)) throw error;
  const details = error.details ?? {};
  const problem = Array.isArray(details.problems) ? (details.problems[0] as Record<string, unknown>) : undefined;
  return {
    error: {
      code: error.code,
      message: error.message,
      line: typeof problem?.line === "number" ? problem.line : undefined,
      column: typeof problem?.column === "number" ? problem.column : undefined,
      commit: typeof details.commit === "string" ? details.commit : undefined,
      permissions: Array.isArray(details.permissions) ? details.permissions.map(String) : undefined,
      field: typeof details.field === "string" ? details.field : undefined,
    },
  };
}

/** Propose change / Propose deletion on a synced template: then back to its page, which shows the pull request. */
export async function proposeChangeAction(
  _previous: ProposalFormState,
  formData: FormData,
): Promise<ProposalFormState> {
  const templateId = field(formData, "templateId");
  const actor = await requireActor(`/templates/${encodeURIComponent(templateId)}`);
  let result;
  try {
    const options = optionsOf(formData);
    result =
      field(formData, "delete") === "1"
        ? await proposeTemplateDeletion(defaultProposalDeps(), actor, { ...options, templateId })
        : await proposeTemplateChange(defaultProposalDeps(), actor, { ...options, templateId, text: textOf(formData) });
  } catch (error) {
    return refusal(error);
  }
  revalidatePath("/templates");
  redirect(`/templates/${encodeURIComponent(templateId)}?proposed=${result.number}${result.added ? "&added=1" : ""}`);
}

/** New template in a connected organization: a new file at a path in the synced folder. */
export async function proposeNewFileAction(
  _previous: ProposalFormState,
  formData: FormData,
): Promise<ProposalFormState> {
  const actor = await requireActor("/templates/new");
  try {
    const result = await proposeNewTemplate(defaultProposalDeps(), actor, {
      ...optionsOf(formData),
      path: field(formData, "path"),
      text: textOf(formData),
    });
    revalidatePath("/settings/github-sync");
    return { opened: { number: result.number, url: result.url, added: result.added } };
  } catch (error) {
    return refusal(error);
  }
}
