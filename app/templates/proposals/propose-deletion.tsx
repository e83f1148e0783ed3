"use client";

import { useActionState, useEffect, useRef } from "react";
import type { ProposalFormState } from "./form-state";
import { ProposalPermissionNotice } from "./permission-notice";
import { RefusalMessage } from "./refusal-message";

type Props = {
  templateId: string;
  name: string;
  current: number | null;
  repositoryUrl: string | null;
  missing: string[];
  settingsUrl: string | null;
  action: (previous: ProposalFormState, formData: FormData) => Promise<ProposalFormState>;
};

/** Propose deletion: a pull request removing the template's file (added to its open proposal if it has one). */
export function ProposeDeletion({ templateId, name, current, repositoryUrl, missing, settingsUrl, action }: Props) {
  const [state, submit, pending] = useActionState<ProposalFormState, FormData>(action, {});
  const alert = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.error) alert.current?.focus();
  }, [state]);
  const error = state.error;
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-4" open={Boolean(error)}>
      <summary className="cursor-pointer font-medium">Propose deletion</summary>
      <form action={submit} className="mt-3 space-y-3">
        <input type="hidden" name="templateId" value={templateId} />
        <input type="hidden" name="delete" value="1" />
        <input type="hidden" name="description" value="" />
        <input type="hidden" name="proposal" value={current ?? ""} />
        <p className="text-sm text-slate-700">
          Proposes removing this template’s file in a pull request
          {current !== null ? ` (added to the open #${current})` : ""}. The template stays until it is merged.
        </p>
        {error?.code === "permission_missing" ? (
          <ProposalPermissionNotice
            id="deletion-permission"
            missing={error.permissions ?? missing}
            settingsUrl={settingsUrl}
          />
        ) : (
          error && (
            <div ref={alert} role="alert" tabIndex={-1} className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
              <RefusalMessage error={error} repositoryUrl={repositoryUrl} />
            </div>
          )
        )}
        <label htmlFor="deletion-title" className="block text-sm font-medium">
          Title
        </label>
        <input
          id="deletion-title"
          name="title"
          defaultValue={`Delete ${name}`.slice(0, 256)}
          maxLength={256}
          className="w-full rounded border border-slate-300 px-3 py-2 text-sm"
        />
        <button
          type="submit"
          disabled={pending || missing.length > 0}
          className="rounded border border-red-300 px-4 py-2 font-medium text-red-800 hover:bg-red-50 disabled:opacity-60"
        >
          {pending ? "Proposing…" : "Propose deletion"}
        </button>
      </form>
    </details>
  );
}
