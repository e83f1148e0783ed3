import type { Metadata } from "next";
import { listVersions, parsePageQuery } from "@/lib/history/versions";
import { getTemplate } from "@/lib/templates/service";
import { HistoryTimeline } from "./history-timeline";
import { loadForPage } from "./load";
import { historyNotice } from "./notices";
import { TemplateHeading } from "./template-heading";

export const metadata: Metadata = { title: "Template history" };

type Search = { cursor?: string | string[]; restored?: string | string[]; error?: string | string[] };

export default async function TemplateHistoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Search>;
}) {
  const [{ id }, search] = await Promise.all([params, searchParams]);
  const cursor = typeof search.cursor === "string" ? search.cursor : undefined;
  const { template, page } = await loadForPage(`/templates/${id}/history`, async (actor) => ({
    template: await getTemplate(actor, id),
    page: await listVersions(actor, id, parsePageQuery({ cursor })),
  }));
  const notice = historyNotice(search);
  return (
    <div>
      <TemplateHeading template={template} />
      {notice.restored && (
        <p role="status" className="mb-4 rounded bg-green-50 px-3 py-2 text-sm text-green-800">
          Restored: version {notice.restored} is the template&apos;s current text.
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
