import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/server";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { listProposalsOfTemplate } from "@/lib/proposals/list";
import { defaultTitle } from "@/lib/proposals/messages";
import { loadProposalContext } from "@/lib/proposals/page-context";
import { getTemplate } from "@/lib/templates/service";
import { proposeChangeAction } from "../../proposals/actions";
import { ProposeForm } from "../../proposals/propose-form";
import { TemplateTabs } from "../template-tabs";

export const metadata: Metadata = { title: "Propose change" };

/** Propose change: the synced text in an editor, then Open pull request (or add to an open one). */
export default async function ProposeChangePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(`/templates/${id}/propose`);
  const template = await getTemplate(actor, id).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  if (!template.syncSource) notFound();
  const db = getDb();
  const [proposals, context] = await Promise.all([
    listProposalsOfTemplate(db, actor, template.id),
    loadProposalContext(db, actor, getEnv().githubHost.webUrl),
  ]);
  const current = proposals.find((p) => p.state === "open")?.number ?? null;
  return (
    <div>
      <h1 className="mb-2 break-words text-2xl font-semibold">Propose a change to {template.name}</h1>
      <TemplateTabs id={template.id} current="document" />
      <p className="mb-4 text-sm text-slate-700">
        Opens a pull request on <span className="break-all font-mono">{context.repository ?? "the repository"}</span>{" "}
        against <span className="font-mono">{context.branch ?? "the synced branch"}</span> changing{" "}
        <span className="break-all font-mono">{template.syncSource}</span>. The template stays as synced until the pull
        request is merged.
      </p>
      {!context.ready && context.reason && (
        <p role="alert" className="mb-4 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {context.reason}
        </p>
      )}
      <ProposeForm
        mode="change"
        templateId={template.id}
        initialText={template.sourceText ?? JSON.stringify(template.content, null, 2)}
        defaultTitle={defaultTitle("update", template.name)}
        current={current}
        open={context.open}
        repositoryUrl={context.repositoryUrl}
        missing={context.missing}
        settingsUrl={context.installationSettingsUrl}
        ready={context.ready}
        cancelHref={`/templates/${template.id}`}
        action={proposeChangeAction}
      />
    </div>
  );
}
