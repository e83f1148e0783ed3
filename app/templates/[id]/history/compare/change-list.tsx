import type { Change } from "@/lib/history/structural-diff";

const KIND = {
  added: { label: "Added", badge: "bg-green-100 text-green-900", border: "border-l-green-600" },
  removed: { label: "Removed", badge: "bg-red-100 text-red-900", border: "border-l-red-600" },
  changed: { label: "Changed", badge: "bg-amber-100 text-amber-900", border: "border-l-amber-500" },
} as const;

const json = (value: unknown) => JSON.stringify(value, null, 2);

function Value({ label, value, tone }: { label: string; value: unknown; tone: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd>
        <pre className={`whitespace-pre-wrap break-all rounded px-2 py-1 font-mono text-xs ${tone}`}>{json(value)}</pre>
      </dd>
    </div>
  );
}

/** The structural changes, one per JSON path, with the values before and after. */
export function ChangeList({ changes }: { changes: Change[] }) {
  if (changes.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-700">
        No field changed. A difference in formatting or key order shows in the text diff below.
      </p>
    );
  }
  return (
    <ul className="space-y-2">
      {changes.map((change) => {
        const kind = KIND[change.kind];
        return (
          <li
            key={`${change.kind}:${change.path}`}
            className={`rounded border border-l-4 border-slate-200 bg-white p-3 ${kind.border}`}
          >
            <p className="flex flex-wrap items-center gap-2">
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${kind.badge}`}>{kind.label}</span>
              <code className="break-all font-mono text-sm">{change.path || "/"}</code>
            </p>
            <dl className="mt-2 grid gap-2 sm:grid-cols-2">
              {change.kind !== "added" && <Value label="Before" value={change.before} tone="bg-red-50" />}
              {change.kind !== "removed" && <Value label="After" value={change.after} tone="bg-green-50" />}
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
