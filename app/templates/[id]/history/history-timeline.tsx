import Link from "next/link";
import type { VersionView } from "@/lib/history/version-view";
import { VersionMeta } from "./version-meta";

const link = "text-indigo-700 underline-offset-2 hover:underline";
const button = "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100";

type Props = { templateId: string; versions: VersionView[]; nextCursor: string | null; paged: boolean };

/**
 * The timeline, newest first, 50 a page. Choosing a "before" and an "after" version and
 * Compare opens the field-by-field comparison; each version links to its text and to a
 * comparison with the current document.
 */
export function HistoryTimeline({ templateId, versions, nextCursor, paged }: Props) {
  const base = `/templates/${templateId}/history`;
  if (versions.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
        <p className="font-medium">No versions {paged ? "before these" : "yet"}</p>
        <p className="mt-1 text-sm text-slate-600">Each save, sync, disconnect and reconnect adds one here.</p>
        {paged && (
          <Link href={base} className={`mt-3 inline-block text-sm ${link}`}>
            Back to the newest versions
          </Link>
        )}
      </div>
    );
  }
  return (
    <form action={`${base}/compare`} method="get" aria-labelledby="timeline-heading">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <h2 id="timeline-heading" className="text-lg font-medium">
          Timeline <span className="text-sm font-normal text-slate-600">(newest first)</span>
        </h2>
        <button type="submit" className={button}>
          Compare selected
        </button>
      </div>
      <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {versions.map((version, i) => (
          <li key={version.id} className="flex flex-col gap-3 p-3 sm:flex-row sm:items-start sm:justify-between">
            <VersionMeta version={version} />
            <div className="flex shrink-0 flex-wrap items-center gap-x-4 gap-y-2 text-sm">
              <fieldset className="flex gap-3">
                <legend className="sr-only">Compare version {version.id}</legend>
                <label className="flex items-center gap-1">
                  <input type="radio" name="a" value={version.id} defaultChecked={i === 1} />
                  Before
                </label>
                <label className="flex items-center gap-1">
                  <input type="radio" name="b" value={version.id} defaultChecked={i === 0} />
                  After
                </label>
              </fieldset>
              <Link href={`${base}/${version.id}`} className={link} aria-label={`View version ${version.id}`}>
                View
              </Link>
              <Link
                href={`${base}/compare?a=${version.id}&b=current`}
                className={link}
                aria-label={`Compare version ${version.id} with the current document`}
              >
                Compare with current
              </Link>
            </div>
          </li>
        ))}
      </ol>
      <nav aria-label="Older and newer versions" className="mt-3 flex flex-wrap gap-4 text-sm">
        {paged && (
          <Link href={base} className={link}>
            Newest versions
          </Link>
        )}
        {nextCursor && (
          <Link href={`${base}?cursor=${nextCursor}`} className={link}>
            Older versions
          </Link>
        )}
      </nav>
    </form>
  );
}
