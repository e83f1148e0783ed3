import { RelativeTime } from "@/components/relative-time";
import type { ProposalView } from "@/lib/proposals/list";
import { CheckBadge } from "@/components/proposal-check-badge";
import { BranchPatternForm } from "./branch-pattern-form";

/** Settings → GitHub Sync: the organization's open pull requests from Allegro, and their branch names. */
export function OpenProposals({
  open,
  pattern,
}: {
  open: ProposalView[];
  pattern: { pattern: string; saved: boolean };
}) {
  return (
    <section aria-labelledby="open-proposals" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="open-proposals" className="text-lg font-semibold">
        Proposed changes
      </h2>
      {open.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600" data-testid="no-open-proposals">
          No open pull requests from Allegro. On a synced template, Propose change opens one.
        </p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-200 text-sm">
          {open.map((p) => (
            <li key={p.number} className="py-2 wrap-anywhere" data-testid="open-proposal">
              <p>
                <a href={p.url} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
                  #{p.number} {p.title}
                </a>{" "}
                <span className="text-slate-600">· open</span>
              </p>
              <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                <CheckBadge check={p.check} />
                <span>
                  by {p.created_by ? p.created_by.name : "a former member"} <RelativeTime iso={p.created_at} />
                </span>
                <span className="break-all">· {p.paths.join(", ")}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
      <BranchPatternForm initial={pattern.pattern} />
    </section>
  );
}
