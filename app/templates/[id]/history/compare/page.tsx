import type { Metadata } from "next";
import Link from "next/link";
import { compareVersions, CURRENT } from "@/lib/history/compare";
import { getTemplate } from "@/lib/templates/service";
import { loadForPage } from "../load";
import { TemplateHeading } from "../template-heading";
import { ChangeList } from "./change-list";
import { TextDiffView } from "./text-diff-view";

export const metadata: Metadata = { title: "Compare versions" };

const link = "text-indigo-700 underline-offset-2 hover:underline";
const name = (id: string) => (id === CURRENT ? "the current document" : `version ${id}`);

export default async function CompareVersionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ a?: string | string[]; b?: string | string[] }>;
}) {
  const [{ id }, search] = await Promise.all([params, searchParams]);
  const base = `/templates/${id}/history`;
  const a = typeof search.a === "string" ? search.a : "";
  const b = typeof search.b === "string" ? search.b : CURRENT;
  if (!a) {
    return (
      <div>
        <p role="alert" className="mb-3 rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          Choose a version to compare from (Before) on the timeline.
        </p>
        <Link href={base} className={`text-sm ${link}`}>
          ← Back to the history
        </Link>
      </div>
    );
  }
  const { template, comparison } = await loadForPage(`${base}/compare?a=${a}&b=${b}`, async (actor) => ({
    template: await getTemplate(actor, id),
    comparison: await compareVersions(actor, id, a, b, { text: true }),
  }));
  return (
    <div className="space-y-4">
      <div>
        <TemplateHeading template={template} />
        <Link href={base} className={`text-sm ${link}`}>
          ← All versions
        </Link>
      </div>
      <h2 className="text-lg font-medium">
        From {name(comparison.before.id)} to {name(comparison.after.id)}
      </h2>
      <section aria-labelledby="fields-heading" className="space-y-2">
        <h3 id="fields-heading" className="font-medium">
          Fields{" "}
          <span className="text-sm font-normal text-slate-600">
            ({comparison.changes.length} {comparison.changes.length === 1 ? "change" : "changes"})
          </span>
        </h3>
        <ChangeList changes={comparison.changes} />
      </section>
      <section aria-labelledby="text-heading" className="space-y-2">
        <h3 id="text-heading" className="font-medium">
          Text
        </h3>
        <TextDiffView lines={comparison.text_diff ?? []} changed={comparison.text_changed} />
      </section>
    </div>
  );
}
