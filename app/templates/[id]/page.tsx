import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/server";
import { AppError } from "@/lib/errors";
import { getTemplate } from "@/lib/templates/service";
import { findSyncedSource } from "@/lib/templates/synced-source";
import { ManagedBadge } from "@/components/managed-badge";
import { TemplateEditor } from "@/components/template-editor";
import { saveTemplate } from "../actions";
import { SyncedSourceCard } from "./synced-source-card";
import { SyncedProposals } from "./synced-proposals";
import { TemplateTabs } from "./template-tabs";

export const metadata: Metadata = { title: "Template" };

export default async function TemplatePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ proposed?: string; added?: string }>;
}) {
  const { id } = await params;
  const search = await searchParams;
  const proposedNumber = Number(search.proposed);
  const actor = await requireActor(`/templates/${id}`);
  const template = await getTemplate(actor, id).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  // The text as written; templates saved before it was kept show their content, formatted.
  const text = template.sourceText ?? JSON.stringify(template.content, null, 2);
  return (
    <div>
      <h1 className="mb-2 break-words text-2xl font-semibold">{template.name}</h1>
      <TemplateTabs id={template.id} current="document" />
      {template.syncSource ? (
        <div className="space-y-4">
          <p className="text-sm text-slate-700">
            <ManagedBadge path={template.syncSource} /> This template is read-only here: propose a change as a pull
            request, or change the file in the repository.
          </p>
          <SyncedProposals
            actor={actor}
            template={template}
            proposed={
              Number.isSafeInteger(proposedNumber) && proposedNumber > 0
                ? { number: proposedNumber, added: search.added === "1" }
                : null
            }
          />
          <SyncedSourceCard source={await findSyncedSource(actor, template.syncSource)} />
          <pre
            role="region"
            aria-label="Template document"
            tabIndex={0}
            className="overflow-auto rounded border border-slate-200 bg-white p-3 font-mono text-sm"
          >
            {text}
          </pre>
        </div>
      ) : (
        <TemplateEditor id={template.id} initial={text} save={saveTemplate} />
      )}
    </div>
  );
}
