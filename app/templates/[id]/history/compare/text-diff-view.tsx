import type { TextDiffLine } from "@/lib/history/text-diff";

const LINE = {
  added: { sign: "+", className: "bg-green-50 text-green-900", label: "added" },
  removed: { sign: "−", className: "bg-red-50 text-red-900", label: "removed" },
  same: { sign: " ", className: "text-slate-700", label: "unchanged" },
} as const;

/** The line diff, for changes of formatting and key order the structural diff does not show. */
export function TextDiffView({ lines, changed }: { lines: TextDiffLine[]; changed: boolean }) {
  if (!changed) return <p className="text-sm text-slate-700">The two texts are identical.</p>;
  return (
    <div
      role="region"
      aria-label="Text diff"
      tabIndex={0}
      className="overflow-auto rounded border border-slate-200 bg-white"
    >
      <ol className="font-mono text-xs">
        {lines.map((line, i) => {
          const style = LINE[line.kind];
          return (
            <li key={i} className={`flex whitespace-pre-wrap break-all px-2 ${style.className}`}>
              <span aria-hidden="true" className="w-4 shrink-0 select-none">
                {style.sign}
              </span>
              <span className="sr-only">{style.label}: </span>
              <span className="min-w-0">{line.text || " "}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
