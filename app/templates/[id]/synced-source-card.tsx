import { RelativeTime } from "@/components/relative-time";
import type { SyncedSource } from "@/lib/templates/synced-source";

const link = "text-indigo-700 underline-offset-2 hover:underline";

/** A synced template's origin: its file, the repository, and the commit it was last synced at. */
export function SyncedSourceCard({ source }: { source: SyncedSource }) {
  return (
    <section aria-labelledby="synced-source" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h2 id="synced-source" className="font-medium">
          Synced from GitHub
        </h2>
        {source.fileUrl && (
          <a
            href={source.fileUrl}
            className="rounded border border-slate-300 px-3 py-1 text-sm font-medium hover:bg-slate-100"
          >
            View on GitHub
          </a>
        )}
      </div>
      <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-slate-600">File</dt>
        <dd className="break-all font-mono" data-testid="synced-path">
          {source.path}
        </dd>
        {source.repository && (
          <>
            <dt className="text-slate-600">Repository</dt>
            <dd className="break-all">
              {source.repositoryUrl ? (
                <a href={source.repositoryUrl} className={link}>
                  {source.repository}
                </a>
              ) : (
                source.repository
              )}
            </dd>
          </>
        )}
        <dt className="text-slate-600">Last synced commit</dt>
        <dd data-testid="synced-commit">
          {source.commit ? (
            <>
              {source.commit.url ? (
                <a href={source.commit.url} className={`font-mono ${link}`}>
                  {source.commit.sha.slice(0, 7)}
                </a>
              ) : (
                <code>{source.commit.sha.slice(0, 7)}</code>
              )}
              {source.commit.syncedAt && (
                <span className="text-slate-600">
                  {" "}
                  · synced <RelativeTime iso={source.commit.syncedAt} />
                </span>
              )}
            </>
          ) : (
            <span className="text-slate-600">Not synced yet</span>
          )}
        </dd>
      </dl>
    </section>
  );
}
