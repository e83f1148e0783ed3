"use client";

import { useEffect, useId, useRef, type RefObject } from "react";
import { useFormStatus } from "react-dom";
import { SubmitButton } from "./submit-button";

type Props = {
  id: string;
  name: string;
  /** The server action that deletes the template (app/templates/actions.ts). */
  remove: (formData: FormData) => Promise<void>;
};

/**
 * Delete asks first, in a modal dialog: the browser's <dialog> traps focus, closes on Escape
 * and makes the page behind it inert. Cancel (the default focus) keeps the template.
 */
export function DeleteTemplateButton({ id, name, remove }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  return (
    <>
      <button
        ref={trigger}
        type="button"
        aria-haspopup="dialog"
        onClick={() => dialog.current?.showModal()}
        className="rounded border border-red-300 px-2 py-1 text-red-700 hover:bg-red-50"
      >
        Delete<span className="sr-only"> {name}</span>
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        onClose={() => trigger.current?.focus()}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-slate-200 p-6 text-left shadow-xl backdrop:bg-slate-900/40"
      >
        <h2 id={titleId} className="break-words text-lg font-semibold">
          Delete “{name}”?
        </h2>
        <p id={descriptionId} className="mt-2 text-sm text-slate-700">
          The template is removed from this organization. This cannot be undone from Allegro.
        </p>
        <form action={remove} className="mt-6 flex flex-wrap justify-end gap-3">
          <input type="hidden" name="id" value={id} />
          <CloseWhenDone dialog={dialog} />
          <button
            type="button"
            autoFocus
            onClick={() => dialog.current?.close()}
            className="rounded border border-slate-300 px-4 py-2 hover:bg-slate-100"
          >
            Cancel
          </button>
          <SubmitButton
            pendingLabel="Deleting…"
            className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:opacity-60"
          >
            Delete template
          </SubmitButton>
        </form>
      </dialog>
    </>
  );
}

/** Closes the dialog once its delete has been answered (a refusal reloads this page with the message). */
function CloseWhenDone({ dialog }: { dialog: RefObject<HTMLDialogElement | null> }) {
  const { pending } = useFormStatus();
  const wasPending = useRef(false);
  useEffect(() => {
    if (wasPending.current && !pending) dialog.current?.close();
    wasPending.current = pending;
  }, [pending, dialog]);
  return null;
}
