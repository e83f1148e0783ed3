import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { listVersions, parsePageQuery } from "@/lib/history/versions";
import { listProposalsOfTemplate } from "@/lib/proposals/list";
import { getTemplate } from "@/lib/templates/service";
import { HistoryTimeline } from "./history-timeline";
import { loadForPage } from "./load";
import { historyNotice } from "./notices";
import { TemplateHeading } from "./template-heading";

export const metadata: Metadata = { title: "Template history" };

type Search = {
  cursor?: string | string[];
  restored?: string | string[];
  proposed?: string | string[];
  error?: string | string[];
};

export default async function TemplateHistoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Search>;
}) {
  const [{ id }, search] = await Promise.all([params, searchParams]);
  const cursor = typeof search.cursor === "string" ? search.cursor : undefined;
  const notice = historyNotice(search);
  const { template, page, proposal } = await loadForPage(`/templates/${id}/history`, async (actor) => ({
    template: await getTemplate(actor, id),
    page: await listVersions(actor, id, parsePageQuery({ cursor })),
    // After "Propose restoring": the pull request, looked up in this organization's proposals.
    proposal: notice.proposed
      ? ((await listProposalsOfTemplate(getDb(), actor, id)).find((p) => String(p.number) === notice.proposed) ?? null)
      : null,
  }));
  return (
    <div>
      <TemplateHeading template={template} />
      {notice.restored && (
        <p role="status" className="mb-4 rounded bg-green-50 px-3 py-2 text-sm text-green-800">
          Restored: version {notice.restored} is the template&apos;s current text.
        </p>
      )}
      {proposal && (
        <p role="status" className="mb-4 rounded bg-green-50 px-3 py-2 text-sm text-green-800">
          Proposed on GitHub:{" "}
          <a href={proposal.url} className="font-medium underline">
            pull request #{proposal.number}
          </a>{" "}
          restores that version. The template changes when it is merged and synced.
        </p>
      )}
      {notice.error && (
        <p role="alert" className="mb-4 rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {notice.error}
        </p>
      )}
      <HistoryTimeline
        templateId={template.id}
        versions={page.versions}
        nextCursor={page.next_cursor}
        paged={cursor !== undefined}
      />
    </div>
  );
}
