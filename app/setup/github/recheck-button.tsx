"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** Runs the setup checks again (the page only shows the last report). */
export function RecheckButton({ first }: { first: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setPending(true);
    setError(null);
    const response = await fetch("/api/setup/github/checks", { method: "POST" }).catch(() => null);
    setPending(false);
    if (response?.ok) return router.refresh();
    setError("The checks could not run. Try again.");
  }
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        onClick={run}
        disabled={pending}
        className="rounded bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700 disabled:opacity-60"
      >
        {pending ? "Checking…" : first ? "Run the checks" : "Check again"}
      </button>
      {error && (
        <p role="alert" className="text-sm text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}
