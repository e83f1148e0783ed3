"use client";

import { keepLoadedErrors, withRunErrors } from "./loaded-errors";
import { RunErrors, type OnErrorsLoaded } from "./run-errors";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import type { SyncRunView } from "@/lib/sync/history";
import { RelativeTime } from "@/components/relative-time";
import { useClock } from "@/components/use-clock";

type History = { runs: SyncRunView[]; nextManualSyncAt: string | null };

const STATUS: Record<string, { label: string; className: string }> = {
  queued: { label: "Queued", className: "bg-slate-100 text-slate-800" },
  running: { label: "Running", className: "bg-blue-100 text-blue-800" },
  succeeded: { label: "Succeeded", className: "bg-green-100 text-green-800" },
  succeeded_with_errors: { label: "Succeeded with errors", className: "bg-amber-100 text-amber-900" },
  skipped: { label: "Skipped", className: "bg-slate-100 text-slate-700" },
  failed: { label: "Failed", className: "bg-red-100 text-red-800" },
  needs_confirmation: { label: "Needs confirmation", className: "bg-amber-100 text-amber-900" },
  confirmed: { label: "Confirmed", className: "bg-slate-100 text-slate-700" },
  kept_current: { label: "Kept current templates", className: "bg-slate-100 text-slate-700" },
};
/** Runs the mass-delete guard held back: their message is the guard's, not an error. */
const HELD = new Set(["needs_confirmation", "confirmed", "kept_current"]);

/**
 * The page's address without a notice: when the run ends the server-rendered page is rendered
 * again (a navigation, which is a refresh), and the notice about the sync request is over by then.
 */
function withoutNotice(href: string) {
  const url = new URL(href);
  url.searchParams.delete("notice");
  url.searchParams.delete("error");
  return `${url.pathname}${url.search}${url.hash}`;
}

const active = (runs: SyncRunView[]) => runs.some((r) => r.status === "queued" || r.status === "running");

function formatDuration(ms: number | null) {
  if (ms === null) return "—";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** How long the panel looks for the run of a requested sync before leaving it to a reload. */
const AWAIT_REQUESTED_RUN_MS = 90_000;

/**
 * `requested`: the settings status is "Syncing". When no run was active yet, a sync was requested
 * and its run has not started: the panel polls until that run shows up, as while a run is active.
 */
export function SyncPanel({ initial, requested = false }: { initial: History; requested?: boolean }) {
  const router = useRouter();
  const [history, setHistory] = useState(initial);
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const now = useClock(1000);

  const refresh = useCallback(async () => {
    const response = await fetch("/api/github-sync/runs", { cache: "no-store" });
    if (!response.ok) return;
    const next: History = await response.json();
    setHistory((previous) => keepLoadedErrors(previous, next));
  }, []);
  const errorsLoaded = useCallback<OnErrorsLoaded>(
    (runId, answer) => setHistory((previous) => withRunErrors(previous, runId, answer)),
    [],
  );

  // A requested sync's run starts after the job queue's debounce: wait for it (for a while).
  const [gaveUp, setGaveUp] = useState(false);
  useEffect(() => {
    if (!requested) return;
    const timer = setTimeout(() => setGaveUp(true), AWAIT_REQUESTED_RUN_MS);
    return () => clearTimeout(timer);
  }, [requested]);
  const awaitingRun = requested && !gaveUp && !active(initial.runs) && history.runs[0]?.id === initial.runs[0]?.id;

  // Live status: poll while a run is queued, running or about to start; when it ends, refresh the server-rendered summary.
  const running = active(history.runs);
  const polling = running || awaitingRun;
  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(refresh, 1500);
    return () => {
      clearInterval(timer);
      router.replace(withoutNotice(window.location.href), { scroll: false });
    };
  }, [polling, refresh, router]);

  const waitMs = history.nextManualSyncAt && now !== null ? Date.parse(history.nextManualSyncAt) - now : 0;
  const locked = waitMs > 0;

  async function syncNow() {
    setPending(true);
    setMessage(null);
    try {
      const response = await fetch("/api/github-sync/sync", { method: "POST" });
      const body = await response.json();
      if (response.ok) setMessage({ kind: "success", text: "Sync queued." });
      else setMessage({ kind: "error", text: body.error?.message ?? "The sync could not be started." });
      await refresh();
    } finally {
      setPending(false);
    }
  }

  const latest = history.runs[0];
  return (
    <section aria-labelledby="sync" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-4">
        <h2 id="sync" className="text-lg font-semibold">
          Sync
        </h2>
        <button
          type="button"
          onClick={syncNow}
          disabled={pending || locked || running}
          aria-describedby="sync-now-help"
          className="rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-60"
        >
          {pending ? "Starting…" : "Sync Now"}
        </button>
        <p id="sync-now-help" className="text-sm text-slate-600" aria-live="polite">
          {locked
            ? `Next Sync Now available in ${Math.floor(waitMs / 60000)}:${String(Math.floor((waitMs % 60000) / 1000)).padStart(2, "0")}`
            : running
              ? "A sync is in progress…"
              : "Syncs also run on every push to the branch."}
        </p>
      </div>
      {message && (
        <p
          role={message.kind === "error" ? "alert" : "status"}
          data-tone={message.kind === "error" ? "failure" : "success"}
          className={
            message.kind === "error"
              ? "rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800"
              : "rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900"
          }
        >
          {message.text}
        </p>
      )}
      {latest && (
        <p className="text-sm" data-testid="latest-run">
          Latest: <StatusBadge status={latest.status} /> {latest.reason} sync <RelativeTime iso={latest.createdAt} />
          {latest.status !== "queued" && latest.status !== "running" && ` — ${summary(latest)}`}
          {latest.status === "failed" && (
            <span className="mt-1 block text-red-800">
              {latest.error ?? "It failed without a recorded reason."} Fix the cause, then use Sync Now or push again.
            </span>
          )}
        </p>
      )}
      <h3 className="pt-2 text-base font-semibold">Sync history</h3>
      {history.runs.length === 0 ? (
        <p className="text-sm text-slate-600">
          No syncs yet. One runs after the repository is saved, on every push to the branch, and on Sync Now.
        </p>
      ) : (
        <div
          // relative: the sr-only texts (absolutely positioned) stay inside the scrolling box instead of widening the page.
          className="relative overflow-x-auto rounded border border-slate-100"
          role="region"
          aria-labelledby="history-caption"
          tabIndex={0}
        >
          <table className="w-full min-w-[44rem] text-left text-sm">
            <caption id="history-caption" className="sr-only">
              {history.runs.length === 1 ? "The last sync" : `The last ${history.runs.length} syncs, newest first`}
            </caption>
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                {["When", "Reason", "Commit", "Status", "Changes", "Duration"].map((label) => (
                  <th key={label} scope="col" className="px-2 py-2">
                    {label}
                  </th>
                ))}
                <th scope="col" className="px-2 py-2">
                  <span className="sr-only">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {history.runs.map((run) => (
                <tr key={run.id} className="border-t border-slate-100 align-top" data-testid="sync-run">
                  <td className="px-2 py-2 whitespace-nowrap">
                    <RelativeTime iso={run.createdAt} />
                  </td>
                  <td className="px-2 py-2">{run.reason}</td>
                  <td className="max-w-[16rem] px-2 py-2">
                    <Commit run={run} />
                  </td>
                  <td className="px-2 py-2">
                    <StatusBadge status={run.status} />
                  </td>
                  <td className="px-2 py-2">{summary(run)}</td>
                  <td className="px-2 py-2 whitespace-nowrap">{formatDuration(run.durationMs)}</td>
                  <td className="px-2 py-2">
                    <RunDetails run={run} onErrorsLoaded={errorsLoaded} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Commit({ run }: { run: SyncRunView }) {
  if (!run.commit) return <>—</>;
  const sha = run.commit.slice(0, 7);
  return (
    <>
      {run.commitUrl ? (
        <a href={run.commitUrl} title={run.commit} className="font-mono text-indigo-700 hover:underline">
          {sha}
        </a>
      ) : (
        <span className="font-mono">{sha}</span>
      )}
      {run.commitMessage && (
        <span className="block truncate" title={run.commitMessage}>
          {run.commitMessage}
        </span>
      )}
      {run.commitAuthor && <span className="block text-xs text-slate-600">{run.commitAuthor}</span>}
    </>
  );
}

function RunDetails({ run, onErrorsLoaded }: { run: SyncRunView; onErrorsLoaded: OnErrorsLoaded }) {
  const n = run.errorCount;
  const [open, setOpen] = useState(false);
  return (
    <>
      {((run.error && run.status !== "skipped") || n > 0) && (
        <details onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary className={`cursor-pointer ${HELD.has(run.status) ? "text-amber-900" : "text-red-800"}`}>
            {n ? `${n} error${n > 1 ? "s" : ""}` : HELD.has(run.status) ? "Details" : "Error"}
          </summary>
          {run.error && <p className="mt-1">{run.error}</p>}
          <RunErrors run={run} open={open} onLoaded={onErrorsLoaded} />
        </details>
      )}
      {run.inngestUrl && (
        <a href={run.inngestUrl} className="whitespace-nowrap text-indigo-700 hover:underline">
          View run<span className="sr-only"> {run.id}</span>
        </a>
      )}
    </>
  );
}

function StatusBadge({ status }: { status: string }) {
  const style = STATUS[status] ?? { label: status, className: "bg-slate-100" };
  return (
    <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${style.className}`}>
      {style.label}
    </span>
  );
}

function summary(run: SyncRunView) {
  const c = run.counts;
  const parts = [
    c.created && `${c.created} created`,
    c.updated && `${c.updated} updated`,
    c.moved && `${c.moved} moved`,
    c.deleted && `${c.deleted} deleted`,
    c.invalid && `${c.invalid} invalid`,
    c.unchanged && `${c.unchanged} unchanged`,
  ].filter(Boolean);
  if (HELD.has(run.status)) return "nothing applied";
  if (parts.length) return parts.join(", ");
  if (run.status === "queued" || run.status === "running") return "…";
  // A skipped run says why (for example, the branch head was already synced).
  return run.status === "skipped" && run.error ? run.error : "no changes";
}
