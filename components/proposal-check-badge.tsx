import type { ProposalView } from "@/lib/proposals/list";

const tone = {
  good: "bg-green-100 text-green-900",
  bad: "bg-red-100 text-red-900",
  wait: "bg-amber-100 text-amber-900",
  plain: "bg-slate-100 text-slate-800",
};

/** Our "Allegro templates" check run on the proposal's head, coloured by its outcome. */
export function CheckBadge({ check }: { check: ProposalView["check"] }) {
  if (!check) return null;
  const [label, color] =
    check.status !== "completed"
      ? [check.status === "in_progress" ? "running" : "queued", tone.wait]
      : check.conclusion === "success"
        ? ["passed", tone.good]
        : check.conclusion === "failure" || check.conclusion === "timed_out" || check.conclusion === "action_required"
          ? [check.conclusion === "failure" ? "failed" : check.conclusion.replace("_", " "), tone.bad]
          : [check.conclusion ?? "completed", tone.plain];
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${color}`} data-testid="proposal-check">
      Allegro templates check: {label}
    </span>
  );
}
