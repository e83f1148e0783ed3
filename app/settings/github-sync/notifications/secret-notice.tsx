"use client";

import { useEffect, useRef, useState } from "react";

/** A webhook's signing secret, shown once after it is created or rotated. */
export function SecretNotice({ secret, onDismiss }: { secret: string; onDismiss: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="status"
      data-testid="webhook-secret"
      className="rounded border border-green-300 bg-green-50 px-4 py-3 text-sm text-green-900"
    >
      <p className="font-semibold">Copy the signing secret now: it is not shown again.</p>
      <p className="mt-1">
        Verify each delivery with it (Standard Webhooks: the <code>webhook-signature</code> header). Rotate it to get a
        new one.
      </p>
      <label htmlFor="webhook-secret" className="mt-2 block font-medium">
        Signing secret
      </label>
      <div className="mt-1 flex flex-wrap gap-2">
        <input
          id="webhook-secret"
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded border border-green-400 bg-white px-2 py-1 font-mono text-xs"
        />
        <button
          type="button"
          onClick={() => navigator.clipboard?.writeText(secret).then(() => setCopied(true))}
          className="rounded border border-green-700 px-3 py-1 font-medium hover:bg-green-100"
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" onClick={onDismiss} className="rounded px-3 py-1 underline">
          Done
        </button>
      </div>
    </div>
  );
}
