import type { WaitingRequests } from "@/lib/sync/outbox";
import { RelativeTime } from "@/components/relative-time";

/** Sync requests the background job service has not taken yet: what an admin needs to know, and that nothing is lost. */
export function WaitingBanner({ waiting }: { waiting: WaitingRequests }) {
  const requests = waiting.count === 1 ? "1 sync is" : `${waiting.count} syncs are`;
  return (
    <section
      role="status"
      data-tone="warning"
      data-testid="banner"
      aria-labelledby="waiting-heading"
      className="rounded border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950"
    >
      <h2 id="waiting-heading" className="font-semibold">
        {requests} waiting to start
      </h2>
      <p className="mt-1">
        Allegro’s background job service is not taking new work right now, so the requests since{" "}
        <RelativeTime iso={waiting.since} /> are saved and will start on their own as soon as it is back. No change from
        GitHub is lost. If this lasts more than a few minutes, ask whoever runs Allegro to check its background job
        service (Inngest).
      </p>
    </section>
  );
}
