"use client";

import { useCallback, useEffect, useState } from "react";
import { RelativeTime } from "@/components/relative-time";
import type { DeliveryAttemptView } from "@/lib/notifications/log";
import { api } from "./api";
import { EVENT_LABELS } from "./labels";

type State =
  { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; attempts: DeliveryAttemptView[] };

const badge = (a: DeliveryAttemptView) => {
  const ok = a.error === undefined;
  const text = a.status_code === null ? "No answer" : String(a.status_code);
  return (
    <span
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${
        ok ? "bg-green-100 text-green-900" : "bg-red-100 text-red-900"
      }`}
    >
      {text}
    </span>
  );
};

const STATUS: Record<string, string> = {
  pending: "retrying",
  delivered: "delivered",
  failed: "failed for good",
};

/**
 * A destination's last 50 attempts, newest first. `version` changes after Send test: the log
 * reloads, and keeps looking every 2 s (at most 15 times) until a new attempt shows.
 */
export function DeliveryLog({ destinationId, version }: { destinationId: string; version: number }) {
  const [state, setState] = useState<State>({ kind: "loading" });
  const load = useCallback(async () => {
    try {
      const { deliveries } = await api.deliveries(destinationId);
      setState({ kind: "ready", attempts: deliveries });
      return deliveries.length;
    } catch (error) {
      setState({ kind: "error", message: (error as Error).message });
      return null;
    }
  }, [destinationId]);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    (async () => {
      const before = await load();
      if (version === 0 || before === null) return;
      let tries = 0;
      const poll = async () => {
        if (cancelled || tries++ >= 15) return;
        const count = await load();
        if (count !== null && count <= before) timer = setTimeout(poll, 2000);
      };
      timer = setTimeout(poll, 1000);
    })();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [load, version]);

  return (
    <div className="mt-3 border-t border-slate-100 pt-3" data-testid="delivery-log">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 className="text-sm font-semibold">Delivery log (last 50 attempts)</h4>
        <button type="button" onClick={() => void load()} className="text-sm underline">
          Refresh
        </button>
      </div>
      {state.kind === "loading" && (
        <p className="mt-2 text-sm text-slate-600" role="status">
          Loading attempts…
        </p>
      )}
      {state.kind === "error" && (
        <p className="mt-2 text-sm text-red-800" role="alert">
          The log could not be loaded: {state.message}
        </p>
      )}
      {state.kind === "ready" && state.attempts.length === 0 && (
        <p className="mt-2 text-sm text-slate-700">No attempts yet. Send test to try this destination.</p>
      )}
      {state.kind === "ready" && state.attempts.length > 0 && (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {state.attempts.map((a) => (
            <li key={a.id} className="grid gap-1 py-2 sm:grid-cols-[9rem_6rem_1fr]" data-testid="attempt">
              <span>
                <RelativeTime iso={a.attempted_at} />
              </span>
              <span>{badge(a)}</span>
              <span className="min-w-0 break-words text-slate-700">
                {EVENT_LABELS[a.type as keyof typeof EVENT_LABELS] ?? a.type} · {a.duration_ms} ms ·{" "}
                {STATUS[a.delivery_status] ?? a.delivery_status}
                {a.error ? ` · ${a.error}` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
