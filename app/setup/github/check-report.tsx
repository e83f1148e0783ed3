import { RelativeTime } from "@/components/relative-time";
import type { SetupReport } from "@/lib/setup/checks";
import { RecheckButton } from "./recheck-button";

const TONE = {
  pass: { label: "Pass", style: "border-green-300 bg-green-50 text-green-900", badge: "bg-green-700" },
  warning: { label: "Warning", style: "border-amber-300 bg-amber-50 text-amber-950", badge: "bg-amber-700" },
  failure: { label: "Failure", style: "border-red-300 bg-red-50 text-red-900", badge: "bg-red-700" },
} as const;

/** The setup check: each result as pass, warning or failure with how to fix it. */
export function CheckReport({ report }: { report: SetupReport | null }) {
  return (
    <section aria-labelledby="setup-check" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="setup-check" className="text-lg font-semibold">
        Setup check
      </h2>
      {report ? (
        <p className="text-sm text-slate-600">
          Checked <RelativeTime iso={report.checkedAt} />.
        </p>
      ) : (
        <p className="text-sm text-slate-600">
          Not checked yet: run the checks to see whether GitHub, the database and Inngest are ready.
        </p>
      )}
      {report && (
        <ul className="space-y-2" data-testid="setup-checks">
          {report.results.map((result) => (
            <li
              key={result.id}
              data-status={result.status}
              className={`rounded border px-3 py-2 text-sm ${TONE[result.status].style}`}
            >
              <p className="flex flex-wrap items-center gap-2 font-medium">
                <span className={`rounded px-2 py-0.5 text-xs font-semibold text-white ${TONE[result.status].badge}`}>
                  {TONE[result.status].label}
                </span>
                {result.title}
              </p>
              <p className="mt-1 break-words">{result.detail}</p>
              {result.fix && <p className="mt-1 break-words">How to fix: {result.fix}</p>}
            </li>
          ))}
        </ul>
      )}
      <RecheckButton first={!report} />
    </section>
  );
}
