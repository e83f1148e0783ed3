"use client";

import { useState } from "react";
import { disconnectGithub } from "./actions";
import { SubmitButton } from "./submit-button";

export function DisconnectButton() {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        className="rounded border border-red-300 px-4 py-2 text-red-700 hover:bg-red-50"
      >
        Disconnect
      </button>
    );
  }
  return (
    <form
      action={disconnectGithub}
      role="group"
      aria-labelledby="disconnect-confirm"
      className="rounded border border-red-200 bg-red-50 p-4"
    >
      <p id="disconnect-confirm" className="text-sm text-red-900">
        Disconnect GitHub Sync? Templates stay in Allegro and become editable; pushes no longer update them.
      </p>
      <div className="mt-3 flex gap-2">
        <SubmitButton
          autoFocus
          pendingText="Disconnecting…"
          className="rounded bg-red-600 px-4 py-2 font-medium text-white hover:bg-red-700"
        >
          Yes, disconnect
        </SubmitButton>
        <button
          type="button"
          onClick={() => setConfirming(false)}
          className="rounded border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
