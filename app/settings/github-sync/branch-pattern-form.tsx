"use client";

import { useActionState, useEffect, useRef } from "react";
import { saveBranchPatternAction, type BranchPatternState } from "./proposal-actions";
import { FieldError, fieldProps } from "./field-error";

/** The branch name of new proposals: {slug} (the template's name), {user} and {id} (required). */
export function BranchPatternForm({ initial }: { initial: string }) {
  const [state, action, pending] = useActionState<BranchPatternState, FormData>(saveBranchPatternAction, {});
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (state.error) field.current?.focus();
  }, [state]);
  return (
    <form action={action} className="mt-4 space-y-2">
      <label htmlFor="branchPattern" className="block text-sm font-medium">
        Branch name of new proposals
      </label>
      <p id="branchPattern-help" className="text-sm text-slate-600">
        Use <code>{"{slug}"}</code> (the template’s name), <code>{"{user}"}</code> (who proposes it) and{" "}
        <code>{"{id}"}</code> (required: a short id of the proposal).
      </p>
      <div className="flex flex-wrap gap-2">
        <input
          ref={field}
          id="branchPattern"
          name="branchPattern"
          defaultValue={state.value ?? initial}
          key={state.value ?? initial}
          maxLength={100}
          className={`min-w-0 flex-1 rounded border px-3 py-2 font-mono text-sm ${state.error ? "border-red-600" : "border-slate-300"}`}
          {...fieldProps("branchPattern", "help", state.error)}
        />
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60"
        >
          {pending ? "Saving…" : "Save"}
        </button>
      </div>
      <FieldError id="branchPattern-error" message={state.error} />
      {state.saved && !state.error && (
        <p role="status" className="text-sm text-green-800">
          Saved: new proposals use <code>{state.saved}</code>.
        </p>
      )}
    </form>
  );
}
