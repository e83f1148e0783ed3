import type { DeliveryView } from "@/lib/github-sync/recent-deliveries";
import { RelativeTime } from "@/components/relative-time";

const OUTCOME: Record<string, { label: string; className: string }> = {
  processed: { label: "Processed", className: "bg-green-100 text-green-900" },
  ignored: { label: "Ignored", className: "bg-slate-100 text-slate-800" },
  failed: { label: "Failed", className: "bg-red-100 text-red-900" },
  processing: { label: "Processing", className: "bg-blue-100 text-blue-900" },
};

/** GitHub's webhook deliveries for this connection, like GitHub's own "Recent Deliveries". */
export function RecentDeliveries({ deliveries }: { deliveries: DeliveryView[] }) {
  return (
    <section aria-labelledby="deliveries" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="deliveries" className="text-lg font-semibold">
        Recent deliveries
      </h2>
      {deliveries.length > 0 && (
        <p className="mt-1 text-sm text-slate-600">
          {deliveries.length === 1 ? "The last webhook" : `The last ${deliveries.length} webhooks`} GitHub sent for this
          installation since it was connected, newest first. An ignored or failed push started no sync; the reason says
          why.
        </p>
      )}
      {deliveries.length === 0 ? (
        <p className="mt-3 text-sm text-slate-700">
          None yet. GitHub sends one on every push to the repository; if a push does not show up here, check the webhook
          URL in the GitHub App’s settings.
        </p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="deliveries">
          {deliveries.map((d) => {
            const outcome = OUTCOME[d.outcome] ?? { label: d.outcome, className: "bg-slate-100" };
            return (
              <li key={d.id} className="grid gap-1 py-2 sm:grid-cols-[12rem_7rem_1fr]" data-testid="delivery">
                <span className="font-mono break-all">
                  {d.event}
                  {d.action ? `.${d.action}` : ""}
                </span>
                <span>
                  <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${outcome.className}`}>
                    {outcome.label}
                  </span>
                </span>
                <span className="min-w-0 break-words text-slate-700">
                  {d.reason ?? "—"} · <RelativeTime iso={d.receivedAt} />
                  {d.attempts > 1 ? ` · ${d.attempts} attempts` : ""}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
