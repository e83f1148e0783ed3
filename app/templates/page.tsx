import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/server";
import { countTemplates, listTemplatePage, parseListQuery } from "@/lib/templates/list";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db/client";
import { openProposalNumbers } from "@/lib/proposals/list";
import { DeleteTemplateButton } from "@/components/delete-template-button";
import { ManagedBadge } from "@/components/managed-badge";
import { RelativeTime } from "@/components/relative-time";
import { removeTemplate } from "./actions";
import { deleteErrorMessage } from "./delete-errors";
import { TemplatesPager, TemplatesSearch } from "./templates-pager";
import { OpenProposalMark } from "./proposals/open-proposal-mark";

export const metadata: Metadata = { title: "Templates" };

// Below `sm` the description and the time move into the name cell, so the table never scrolls sideways.
const wide = "hidden sm:table-cell";

export default async function TemplatesPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string | string[]; q?: string | string[]; cursor?: string | string[] }>;
}) {
  const actor = await requireActor("/templates");
  const search = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;
  const q = first(search.q)?.trim().slice(0, 200) || undefined;
  // A cursor that is not ours (edited by hand, or from before a change) starts again from the first page.
  const [listed, count] = await Promise.all([
    (async () => listTemplatePage(actor, parseListQuery({ q, cursor: first(search.cursor) })))().catch(
      (caught: unknown) => {
        if (caught instanceof AppError && caught.details?.field === "cursor") return listTemplatePage(actor, { q });
        throw caught;
      },
    ),
    countTemplates(actor, q),
  ]);
  const templates = listed.templates;
  const proposing = await openProposalNumbers(
    getDb(),
    actor.tenantId,
    templates.map((t) => t.id),
  );
  const error = deleteErrorMessage(search.error);
  return (
    <div>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Templates</h1>
          <p className="text-sm text-slate-600">{actor.tenantName}</p>
        </div>
        <Link
          href="/templates/new"
          className="rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700"
        >
          New template
        </Link>
      </div>
      {error && (
        <p role="alert" className="mb-4 rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <TemplatesSearch q={q ?? ""} count={count} />
      {templates.length === 0 && q ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <p className="font-medium">No template name contains “{q}”</p>
          <p className="mt-1 text-sm text-slate-600">
            <Link href="/templates" className="text-indigo-700 underline">
              Show all templates
            </Link>
          </p>
        </div>
      ) : templates.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <p className="font-medium">No templates yet</p>
          <p className="mt-1 text-sm text-slate-600">
            Create one here, or connect a GitHub repository in Settings → GitHub Sync.
          </p>
        </div>
      ) : (
        <>
          <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-left text-sm">
            <caption className="sr-only">Templates of {actor.tenantName}</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 sm:px-4">
                  Name
                </th>
                <th scope="col" className={`${wide} px-4 py-2`}>
                  Description
                </th>
                <th scope="col" className={`${wide} px-4 py-2`}>
                  Updated
                </th>
                <th scope="col" className="px-3 py-2 sm:px-4">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {templates.map((template) => (
                <tr key={template.id} className="border-t border-slate-200 align-top" data-testid="template-row">
                  <td className="px-3 py-3 wrap-anywhere sm:px-4">
                    <Link href={`/templates/${template.id}`} className="font-medium text-indigo-700 hover:underline">
                      {template.name}
                    </Link>
                    {template.syncSource && (
                      <div className="mt-1">
                        <ManagedBadge path={template.syncSource} />
                      </div>
                    )}
                    <OpenProposalMark number={proposing.get(template.id)} />
                    <div className="mt-1 space-y-1 text-slate-700 sm:hidden">
                      {template.description && <p>{template.description}</p>}
                      <p className="text-xs text-slate-600">
                        Updated <RelativeTime iso={template.updatedAt} />
                      </p>
                    </div>
                  </td>
                  <td className={`${wide} px-4 py-3 text-slate-700 wrap-anywhere`}>
                    {template.description ?? <span className="text-slate-500">—</span>}
                  </td>
                  <td className={`${wide} whitespace-nowrap px-4 py-3`}>
                    <RelativeTime iso={template.updatedAt} />
                  </td>
                  <td className="px-3 py-3 text-right sm:px-4">
                    {!template.syncSource && (
                      <div className="flex flex-col items-end gap-2 sm:flex-row sm:justify-end">
                        <Link
                          href={`/templates/${template.id}`}
                          className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100"
                        >
                          Edit<span className="sr-only"> {template.name}</span>
                        </Link>
                        <DeleteTemplateButton id={template.id} name={template.name} remove={removeTemplate} />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <TemplatesPager q={q} nextCursor={listed.next_cursor} paged={Boolean(first(search.cursor))} />
        </>
      )}
    </div>
  );
}
