"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

/** Forget stored credentials, after a confirmation that names what happens. */
export function ForgetCredentials({ appName }: { appName: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  async function forget() {
    const response = await fetch("/api/setup/github/forget", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ confirm: true }),
    }).catch(() => null);
    if (response?.ok) {
      setConfirming(false);
      return router.refresh();
    }
    setError("The credentials could not be forgotten. Try again.");
  }

  if (!confirming)
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        className="rounded border border-red-300 px-4 py-2 font-medium text-red-800 hover:bg-red-50"
      >
        Forget stored credentials
      </button>
    );
  return (
    <div
      role="group"
      aria-labelledby="forget-title"
      className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900"
    >
      <p id="forget-title" className="font-semibold">
        Forget {appName}?
      </p>
      <p className="mt-1">
        Syncing stops at once on every instance until another App is set up. The App stays on GitHub: delete it there
        too.
      </p>
      {error && (
        <p role="alert" className="mt-2">
          {error}
        </p>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        <button
          ref={confirmButton}
          type="button"
          onClick={forget}
          className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800"
        >
          Forget them
        </button>
        <button
          type="button"
          onClick={() => setConfirming(false)}
          className="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100"
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
