import type { PendingConfirmation } from "@/lib/sync/delete-confirmation";
import { DeleteConfirmationActions } from "./delete-confirmation-actions";

/** How many of the paths to be deleted the panel lists before "and N more". */
const PATHS_SHOWN = 20;

/** The plan the mass-delete guard held back, with Apply anyway / Keep current templates; nothing when none waits. */
export function DeleteConfirmation({ pending }: { pending: PendingConfirmation | null }) {
  if (!pending) return null;
  const { plan } = pending;
  const shown = plan.paths.slice(0, PATHS_SHOWN);
  const more = plan.paths.length - shown.length + plan.more;
  const counts = [
    ["Would delete", `${plan.deleting} of ${plan.synced} synced templates`],
    ["Would create", plan.counts.created],
    ["Would update", plan.counts.updated],
    ["Would move", plan.counts.moved],
    ["Unchanged", plan.counts.unchanged],
    ["Invalid files", plan.counts.invalid],
  ] as const;

  return (
    <section
      aria-labelledby="delete-confirmation"
      data-testid="delete-confirmation"
      className="space-y-3 rounded-lg border border-amber-400 bg-amber-50 p-4 text-amber-950"
    >
      <h2 id="delete-confirmation" className="text-lg font-semibold">
        A sync needs your confirmation
      </h2>
      <p role="alert" className="text-sm">
        {pending.message}{" "}
        <span className="whitespace-nowrap">
          Commit{" "}
          {pending.commitUrl ? (
            <a href={pending.commitUrl} title={pending.commit} className="font-mono text-indigo-800 underline">
              {pending.commit.slice(0, 7)}
            </a>
          ) : (
            <span className="font-mono">{pending.commit.slice(0, 7)}</span>
          )}
          .
        </span>
      </p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
        {counts.map(([label, value]) => (
          <div key={label} className="flex gap-2">
            <dt className="font-medium">{label}:</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div>
        <h3 id="delete-confirmation-paths" className="text-sm font-semibold">
          Templates that would be deleted
        </h3>
        <ul aria-labelledby="delete-confirmation-paths" className="mt-1 list-disc space-y-0.5 pl-6 font-mono text-sm">
          {shown.map((path) => (
            <li key={path}>{path}</li>
          ))}
        </ul>
        {more > 0 && <p className="mt-1 pl-6 text-sm">and {more} more</p>}
      </div>
      <DeleteConfirmationActions runId={pending.runId} deleting={plan.deleting} />
    </section>
  );
}
