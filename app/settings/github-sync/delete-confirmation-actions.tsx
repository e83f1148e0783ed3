"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { DeleteDecision } from "@/lib/sync/delete-confirmation";

const PENDING_LABEL: Record<DeleteDecision, string> = {
  apply_anyway: "Applying…",
  keep_current: "Keeping…",
};

/**
 * Apply anyway / Keep current templates for a held plan; the page reloads its data when the
 * answer is taken. The panel then goes away with the focused button, so focus moves to the
 * connection's sync status (which says what happens next); a refusal focuses its message.
 */
export function DeleteConfirmationActions({ runId, deleting }: { runId: string; deleting: number }) {
  const router = useRouter();
  const [pending, setPending] = useState<DeleteDecision | null>(null);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  async function decide(decision: DeleteDecision) {
    setPending(decision);
    setError(null);
    try {
      const response = await fetch(`/api/github-sync/runs/${encodeURIComponent(runId)}/decision`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ decision }),
      });
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        setError(body?.error?.message ?? "The decision could not be saved. Try again.");
        return;
      }
      document.getElementById("sync-status")?.focus();
      router.refresh();
    } finally {
      setPending(null);
    }
  }

  const button = (decision: DeleteDecision, label: string, className: string) => (
    <button
      type="button"
      onClick={() => decide(decision)}
      disabled={pending !== null}
      aria-busy={pending === decision}
      aria-describedby="delete-confirmation-help"
      className={`rounded px-4 py-2 font-medium disabled:cursor-not-allowed disabled:opacity-60 ${className}`}
    >
      {pending === decision ? PENDING_LABEL[decision] : label}
    </button>
  );

  return (
    <div className="space-y-2">
      <p id="delete-confirmation-help" className="text-sm">
        <strong>Apply anyway</strong> syncs this commit and deletes {deleting} template{deleting === 1 ? "" : "s"}.{" "}
        <strong>Keep current templates</strong> changes nothing and does not ask again for this commit.
      </p>
      <div className="flex flex-wrap gap-2" role="group" aria-label="Decide on the held-back sync">
        {button("apply_anyway", "Apply anyway", "bg-amber-700 text-white hover:bg-amber-800")}
        {button(
          "keep_current",
          "Keep current templates",
          "border border-amber-700 bg-white text-amber-950 hover:bg-amber-100",
        )}
      </div>
      {error && (
        <p ref={errorRef} tabIndex={-1} role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}
