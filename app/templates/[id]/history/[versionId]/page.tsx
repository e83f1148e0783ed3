import type { Metadata } from "next";
import Link from "next/link";
import { getVersion } from "@/lib/history/versions";
import { getTemplate } from "@/lib/templates/service";
import { loadForPage } from "../load";
import { historyNotice } from "../notices";
import { RestoreButton } from "../restore-button";
import { TemplateHeading } from "../template-heading";
import { VersionMeta } from "../version-meta";

export const metadata: Metadata = { title: "Template version" };

const link = "text-indigo-700 underline-offset-2 hover:underline";

export default async function TemplateVersionPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; versionId: string }>;
  searchParams: Promise<{ error?: string | string[] }>;
}) {
  const [{ id, versionId }, search] = await Promise.all([params, searchParams]);
  const { template, version } = await loadForPage(`/templates/${id}/history/${versionId}`, async (actor) => ({
    template: await getTemplate(actor, id),
    version: (await getVersion(actor, id, versionId)).version,
  }));
  const { error } = historyNotice(search);
  const base = `/templates/${template.id}/history`;
  return (
    <div className="space-y-4">
      <div>
        <TemplateHeading template={template} />
        <Link href={base} className={`text-sm ${link}`}>
          ← All versions
        </Link>
      </div>
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <section aria-labelledby="version-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="version-heading" className="text-lg font-medium">
          Version {version.id}
        </h2>
        <VersionMeta version={version} />
        <div className="flex flex-wrap items-center gap-4">
          <RestoreButton templateId={template.id} versionId={version.id} synced={template.syncSource !== null} />
          <Link href={`${base}/compare?a=${version.id}&b=current`} className={`text-sm ${link}`}>
            Compare with current
          </Link>
        </div>
      </section>
      <pre
        role="region"
        aria-label={`Text of version ${version.id}`}
        tabIndex={0}
        className="overflow-auto whitespace-pre-wrap break-all rounded border border-slate-200 bg-white p-3 font-mono text-sm"
      >
        {version.text}
      </pre>
    </div>
  );
}
