"use client";

import { useState } from "react";
import type { DestinationView } from "@/lib/notifications/destinations";
import { DestinationForm } from "./destination-form";
import { DestinationItem } from "./destination-item";
import { SecretNotice } from "./secret-notice";

/** Settings → GitHub Sync → Notifications: the organization's destinations, through /api/notifications. */
export function NotificationsPanel({ initial }: { initial: DestinationView[] }) {
  const [destinations, setDestinations] = useState(initial);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <section aria-labelledby="notifications" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="notifications" className="text-lg font-semibold">
        Notifications
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Tell people when sync starts failing, when it recovers, when it waits for a decision, and when the connection
        needs attention: once per change, never once per run.
      </p>
      {secret && (
        <div className="mt-3">
          <SecretNotice secret={secret} onDismiss={() => setSecret(null)} />
        </div>
      )}
      {destinations.length === 0 ? (
        <p className="mt-3 text-sm text-slate-700" data-testid="no-destinations">
          No destinations yet: nobody is told when sync breaks. Add one below.
        </p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100" data-testid="destinations">
          {destinations.map((d) => (
            <DestinationItem
              key={d.id}
              destination={d}
              onSecret={setSecret}
              onRemoved={(id) => setDestinations((list) => list.filter((x) => x.id !== id))}
            />
          ))}
        </ul>
      )}
      <DestinationForm
        onCreated={(created) => {
          setDestinations((list) => [
            ...list,
            { id: created.id, kind: created.kind, events: created.events, url: null },
          ]);
          if (created.secret) setSecret(created.secret);
          // The list shows the URL as the server stored it.
          void fetch("/api/notifications/destinations")
            .then((r) => (r.ok ? r.json() : null))
            .then((body: { destinations: DestinationView[] } | null) => body && setDestinations(body.destinations));
        }}
      />
    </section>
  );
}
