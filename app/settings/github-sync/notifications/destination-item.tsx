"use client";

import { useState } from "react";
import type { DestinationView } from "@/lib/notifications/destinations";
import { api } from "./api";
import { DeliveryLog } from "./delivery-log";
import { EVENT_LABELS, KIND_LABELS } from "./labels";

type Props = {
  destination: DestinationView;
  onRemoved: (id: string) => void;
  onSecret: (secret: string) => void;
};

const button = "rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-60";

/** One destination: what it receives, Send test, its delivery log, secret rotation (webhooks) and removal. */
export function DestinationItem({ destination: d, onRemoved, onSecret }: Props) {
  const [showLog, setShowLog] = useState(false);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const label = d.kind === "email" ? "Email to the organization's admins" : (d.url ?? "");

  async function act(name: string, work: () => Promise<void>) {
    setBusy(name);
    setMessage(null);
    try {
      await work();
    } catch (error) {
      setMessage({ tone: "error", text: (error as Error).message });
    } finally {
      setBusy(null);
    }
  }

  return (
    <li className="py-3" data-testid="destination" aria-label={`${KIND_LABELS[d.kind] ?? d.kind}: ${label}`}>
      <div className="flex flex-wrap items-baseline gap-2">
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-800">
          {KIND_LABELS[d.kind] ?? d.kind}
        </span>
        <span className="min-w-0 font-mono text-sm break-all">{label}</span>
      </div>
      <p className="mt-1 text-sm text-slate-700">
        {d.events.map((e) => EVENT_LABELS[e as keyof typeof EVENT_LABELS] ?? e).join(" · ")}
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <button
          type="button"
          className={button}
          disabled={busy !== null}
          onClick={() =>
            act("test", async () => {
              await api.test(d.id);
              setShowLog(true);
              setVersion((v) => v + 1);
              setMessage({ tone: "ok", text: "Test queued: it shows in the delivery log once attempted." });
            })
          }
        >
          {busy === "test" ? "Sending…" : "Send test"}
        </button>
        <button type="button" className={button} aria-expanded={showLog} onClick={() => setShowLog((s) => !s)}>
          {showLog ? "Hide deliveries" : "Show deliveries"}
        </button>
        {d.kind === "webhook" && (
          <button
            type="button"
            className={button}
            disabled={busy !== null}
            onClick={() => act("rotate", async () => onSecret((await api.rotate(d.id)).secret))}
          >
            {busy === "rotate" ? "Rotating…" : "Rotate secret"}
          </button>
        )}
        {confirming ? (
          <>
            <button
              type="button"
              autoFocus
              disabled={busy !== null}
              className="rounded bg-red-700 px-3 py-1 text-sm font-medium text-white hover:bg-red-800"
              onClick={() => act("delete", async () => (await api.remove(d.id), onRemoved(d.id)))}
            >
              {busy === "delete" ? "Removing…" : "Remove it"}
            </button>
            <button type="button" className={button} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className={`${button} text-red-800`} onClick={() => setConfirming(true)}>
            Remove
          </button>
        )}
      </div>
      {message && (
        <p
          role={message.tone === "error" ? "alert" : "status"}
          className={`mt-2 text-sm ${message.tone === "error" ? "text-red-800" : "text-green-800"}`}
        >
          {message.text}
        </p>
      )}
      {showLog && <DeliveryLog destinationId={d.id} version={version} />}
    </li>
  );
}
