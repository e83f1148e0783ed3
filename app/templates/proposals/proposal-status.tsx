import { RelativeTime } from "@/components/relative-time";
import type { ProposalView } from "@/lib/proposals/list";
import { CheckBadge } from "@/components/proposal-check-badge";

const link = "font-medium text-indigo-700 underline-offset-2 hover:underline";

/** A synced template's pull requests from Allegro: open with their check, then "Merged in #N". */
export function ProposalStatus({ proposals }: { proposals: ProposalView[] }) {
  if (!proposals.length) return null;
  return (
    <section aria-labelledby="proposals-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="proposals-heading" className="font-medium">
        Proposed changes
      </h2>
      <ul className="mt-2 space-y-3 text-sm">
        {proposals.slice(0, 10).map((p) => (
          <li key={p.number} className="wrap-anywhere" data-testid="proposal-item">
            <p>
              <span
                className={
                  p.state === "open" ? "text-slate-900" : p.state === "merged" ? "text-green-800" : "text-slate-600"
                }
              >
                {p.state === "open"
                  ? "Pull request "
                  : p.state === "merged"
                    ? "Merged in "
                    : "Closed without merging: "}
                <a href={p.url} className={link}>
                  #{p.number}
                </a>
                {p.state === "open" && " open"}
              </span>{" "}
              <span className="text-slate-700">· {p.title}</span>
            </p>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
              {p.state === "open" && <CheckBadge check={p.check} />}
              <span>
                Proposed {p.created_by ? `by ${p.created_by.name} ` : ""}
                <RelativeTime iso={p.created_at} />
              </span>
              {p.paths.length > 1 && <span>· {p.paths.length} files</span>}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
