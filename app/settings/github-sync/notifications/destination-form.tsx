"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { api, ApiError, type Created } from "./api";
import { EVENT_HINTS, EVENT_LABELS, EVENT_TYPES, KIND_LABELS } from "./labels";

const URL_HINT: Record<string, string> = {
  webhook: "Any HTTPS URL. Each delivery is a signed JSON POST (Standard Webhooks).",
  slack: "A Slack incoming webhook URL (https://hooks.slack.com/services/…).",
};

/** Add a destination: kind, URL (not for email), events. The field at fault gets focus and its message. */
export function DestinationForm({ onCreated }: { onCreated: (created: Created) => void }) {
  const id = useId();
  const [kind, setKind] = useState("webhook");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const eventsRef = useRef<HTMLInputElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const events = form.getAll("events").map(String);
    const url = String(form.get("url") ?? "").trim();
    const fail = (message: string, field?: string) => {
      setError({ message, field });
      // After React shows the message: the field at fault, or the message itself.
      requestAnimationFrame(() =>
        (field === "url" ? urlRef.current : field === "events" ? eventsRef.current : errorRef.current)?.focus(),
      );
    };
    if (kind !== "email" && !url) return fail(`Enter the ${KIND_LABELS[kind]} URL.`, "url");
    if (!events.length) return fail("Choose at least one event.", "events");
    setPending(true);
    setError(null);
    try {
      const created = await api.create({ kind, events, ...(kind === "email" ? {} : { url }) });
      event.currentTarget?.reset?.();
      setKind("webhook");
      onCreated(created);
    } catch (caught) {
      const apiError = caught instanceof ApiError ? caught : new ApiError(String(caught));
      fail(apiError.message, apiError.field === "url" || apiError.field === "events" ? apiError.field : undefined);
    } finally {
      setPending(false);
    }
  }

  const urlInvalid = error?.field === "url";
  const eventsInvalid = error?.field === "events";
  return (
    <form
      onSubmit={submit}
      noValidate
      className="mt-4 space-y-4 rounded border border-slate-200 p-4"
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`} className="font-semibold">
        Add a destination
      </h3>
      <fieldset>
        <legend className="text-sm font-medium">Where</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {Object.entries(KIND_LABELS).map(([value, label]) => (
            <label key={value} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="kind"
                value={value}
                checked={kind === value}
                onChange={() => {
                  setKind(value);
                  setError(null);
                }}
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      {kind === "email" ? (
        <p className="text-sm text-slate-700">Email goes to every admin of this organization.</p>
      ) : (
        <div>
          <label htmlFor={`${id}-url`} className="block text-sm font-medium">
            {KIND_LABELS[kind]} URL
          </label>
          <input
            ref={urlRef}
            id={`${id}-url`}
            name="url"
            type="url"
            inputMode="url"
            autoComplete="off"
            required
            aria-invalid={urlInvalid || undefined}
            aria-describedby={`${id}-url-hint${urlInvalid ? ` ${id}-error` : ""}`}
            className={`mt-1 w-full rounded border px-2 py-1.5 font-mono text-sm ${urlInvalid ? "border-red-600" : "border-slate-400"}`}
          />
          <p id={`${id}-url-hint`} className="mt-1 text-xs text-slate-600">
            {URL_HINT[kind]}
          </p>
        </div>
      )}
      <fieldset aria-invalid={eventsInvalid || undefined} aria-describedby={eventsInvalid ? `${id}-error` : undefined}>
        <legend className="text-sm font-medium">Events</legend>
        <div className="mt-1 space-y-1">
          {EVENT_TYPES.map((type, index) => (
            <label key={type} className="flex items-start gap-2 text-sm">
              <input
                ref={index === 0 ? eventsRef : undefined}
                type="checkbox"
                name="events"
                value={type}
                defaultChecked
                className="mt-1"
              />
              <span>
                <span className="font-medium">{EVENT_LABELS[type]}</span>{" "}
                <span className="text-slate-600">({EVENT_HINTS[type]})</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {error && (
        <p
          id={`${id}-error`}
          ref={errorRef}
          tabIndex={-1}
          role="alert"
          className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900"
        >
          {error.message}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60"
      >
        {pending ? "Adding…" : "Add destination"}
      </button>
    </form>
  );
}
