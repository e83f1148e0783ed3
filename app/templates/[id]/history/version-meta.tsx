import { RelativeTime } from "@/components/relative-time";
import type { VersionView } from "@/lib/history/version-view";

const link = "text-indigo-700 underline-offset-2 hover:underline";

const EVENTS: Record<string, string> = {
  created: "Created",
  changed: "Changed",
  moved: "Moved",
  deleted: "Deleted",
  revived: "Back",
  restored: "Restored",
  disconnected: "Disconnected",
  reconnected: "Reconnected",
  recorded: "History began",
};

/** Where a version came from: a badge, who or which commit (linked to GitHub at that commit and path), when. */
export function VersionMeta({ version }: { version: VersionView }) {
  const github = version.source === "github";
  return (
    <div className="min-w-0 space-y-1 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <span
          className={`rounded-full px-2 py-0.5 text-xs font-medium ${github ? "bg-slate-800 text-white" : "bg-indigo-100 text-indigo-900"}`}
        >
          {github ? "GitHub" : "Allegro"}
        </span>
        <span className="font-medium">{EVENTS[version.event] ?? version.event}</span>
        <span className="text-slate-700">· {version.summary}</span>
      </p>
      <p className="text-slate-700">
        {version.author ? <span>{version.author}</span> : <span>Unknown author</span>}
        {" · "}
        <RelativeTime iso={version.created_at} />
      </p>
      {version.commit && (
        <p className="break-words text-slate-700">
          Commit{" "}
          {version.url ? (
            <a href={version.url} className={`font-mono ${link}`}>
              {version.commit.slice(0, 7)}
            </a>
          ) : (
            <code>{version.commit.slice(0, 7)}</code>
          )}
          {version.message && <span> — {version.message}</span>}
        </p>
      )}
      {version.path && <p className="break-all font-mono text-xs text-slate-600">{version.path}</p>}
    </div>
  );
}
