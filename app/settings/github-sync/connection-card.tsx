import { MoreErrors } from "./more-errors";
import type { SyncSettings } from "@/lib/github-sync/settings";
import type { SyncStatusKind } from "@/lib/github-sync/status";
import { RelativeTime } from "@/components/relative-time";

const BADGE: Record<SyncStatusKind, string> = {
  synced: "bg-green-100 text-green-900 ring-green-300",
  syncing: "bg-blue-100 text-blue-900 ring-blue-300",
  needs_attention: "bg-amber-100 text-amber-950 ring-amber-300",
  waiting: "bg-amber-100 text-amber-950 ring-amber-300",
  suspended: "bg-amber-100 text-amber-950 ring-amber-300",
  broken: "bg-red-100 text-red-900 ring-red-300",
  not_synced: "bg-slate-100 text-slate-800 ring-slate-300",
};

type Connection = NonNullable<SyncSettings["connection"]>;

/** The connection at a glance: who, what, its status with the reason and the fix, and the last synced commit. */
export function ConnectionCard({ settings, editable }: { settings: SyncSettings; editable: boolean }) {
  const c = settings.connection!;
  return (
    <section aria-labelledby="connection" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3">
        {c.accountAvatarUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- GitHub's avatar, at GitHub's URL (no image optimizer)
          <img src={c.accountAvatarUrl} alt="" width={40} height={40} className="h-10 w-10 rounded-md border" />
        ) : null}
        <div className="min-w-[12rem] flex-1">
          <h2 id="connection" className="text-lg font-semibold break-words">
            {c.accountLogin ?? "GitHub"}
            {c.repository ? <span className="font-normal text-slate-600"> / {c.repository.split("/")[1]}</span> : null}
          </h2>
          <p className="text-sm text-slate-600">
            {c.linkedAt ? (
              <>
                Connected {c.linkedBy ? `by ${c.linkedBy} ` : ""}
                <RelativeTime iso={c.linkedAt} />
              </>
            ) : (
              "Connected"
            )}
          </p>
        </div>
        <div className="flex flex-wrap gap-2 text-sm">
          {editable && (
            <a href="?edit=1#edit" className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
              Edit
            </a>
          )}
          {settings.configureUrl && (
            <a href={settings.configureUrl} className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
              Configure on GitHub
            </a>
          )}
        </div>
      </div>
      {c.status && <StatusLine status={c.status} />}
      <dl className="grid gap-x-4 gap-y-3 px-4 py-3 text-sm sm:grid-cols-[10rem_1fr]" data-testid="connection">
        <Row label="Account">{c.accountLogin ?? "—"}</Row>
        <Row label="Repository">
          {c.repository && c.repositoryUrl ? (
            <a href={c.repositoryUrl} className="font-mono break-all text-indigo-700 hover:underline">
              {c.repository}
            </a>
          ) : (
            "Not chosen yet"
          )}
        </Row>
        {c.repository && (
          <>
            <Row label="Branch">
              <span className="font-mono break-all">{c.branch}</span>
            </Row>
            <Row label="Folder">
              {c.folder ? <span className="font-mono break-all">{c.folder}/</span> : "Whole repository"}
            </Row>
            <Row label="Last synced">{c.lastSyncAt ? <RelativeTime iso={c.lastSyncAt} /> : "Never"}</Row>
            <Row label="Last synced commit">
              <LastCommit c={c} />
            </Row>
          </>
        )}
      </dl>
      {c.lastSyncErrors.length > 0 && <SyncErrors c={c} />}
    </section>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="contents">
      <dt className="font-medium text-slate-600">{label}</dt>
      <dd className="-mt-2 min-w-0 sm:mt-0">{children}</dd>
    </div>
  );
}

function StatusLine({ status }: { status: NonNullable<Connection["status"]> }) {
  return (
    // Focusable from script only: a held plan's decision sends focus here (delete-confirmation-actions.tsx).
    <div
      id="sync-status"
      tabIndex={-1}
      role="group"
      aria-label="Sync status"
      className="border-b border-slate-200 px-4 py-3 text-sm"
      data-testid="sync-status"
      data-status={status.kind}
    >
      <span className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ${BADGE[status.kind]}`}>
        {status.label}
      </span>{" "}
      <span>{status.reason}</span>
      {status.fix && <p className="mt-1 text-slate-700">{status.fix}</p>}
    </div>
  );
}

function LastCommit({ c }: { c: Connection }) {
  if (!c.lastSyncHash) return <>—</>;
  const sha = c.lastSyncHash.slice(0, 7);
  return (
    <span className="break-words">
      {c.commitUrl ? (
        <a href={c.commitUrl} className="font-mono text-indigo-700 hover:underline" title={c.lastSyncHash}>
          {sha}
        </a>
      ) : (
        <span className="font-mono">{sha}</span>
      )}
      {c.lastCommit?.message && <> {c.lastCommit.message}</>}
      {c.lastCommit?.author && <span className="text-slate-600"> — {c.lastCommit.author}</span>}
    </span>
  );
}

function SyncErrors({ c }: { c: Connection }) {
  const n = c.lastSyncErrorCount;
  return (
    <div className="border-t border-slate-200 px-4 py-3">
      <h3 className="text-sm font-semibold text-red-800">
        Last sync errors ({n.toLocaleString("en-US")} {n === 1 ? "file" : "files"})
      </h3>
      <MoreErrors shown={c.lastSyncErrors.length} total={n} />
      <ul className="mt-2 space-y-1 text-sm">
        {c.lastSyncErrors.map((e) => (
          <li key={e.path} className="break-words">
            {e.url ? (
              <a href={e.url} className="font-mono break-all text-indigo-700 hover:underline">
                {e.path}
                {e.line ? `:${e.line}:${e.column}` : ""}
              </a>
            ) : (
              <span className="font-mono break-all">{e.path}</span>
            )}{" "}
            — {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
