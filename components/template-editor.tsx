"use client";

import Link from "next/link";
import { useActionState, useMemo, useState } from "react";
import { parseTemplateText } from "@/lib/templates/document";

/** What a save answered: nothing while editing, or the error with its position in the document. */
export type EditorState = { error?: string; line?: number; column?: number };

type Props = {
  id?: string;
  initial: string;
  /** The server action that saves the document (app/templates/actions.ts); it redirects on success. */
  save: (previous: EditorState, formData: FormData) => Promise<EditorState>;
};

function describe(problem: { message: string; line?: number; column?: number }) {
  return problem.line ? `Line ${problem.line}, column ${problem.column}: ${problem.message}` : problem.message;
}

export function TemplateEditor({ id, initial, save }: Props) {
  const [text, setText] = useState(initial);
  const [state, action, pending] = useActionState<EditorState, FormData>(save, {});
  const check = useMemo(() => parseTemplateText(text), [text]);
  const liveError = check.ok ? null : describe(check.problem);
  return (
    <form action={action} className="space-y-3">
      {id && <input type="hidden" name="id" value={id} />}
      <label htmlFor="content" className="block text-sm font-medium">
        Template document (JSON)
      </label>
      <p id="content-help" className="text-sm text-slate-600">
        A JSON object with a <code>name</code> (required, at most 200 characters) and an optional{" "}
        <code>description</code>; every other field is kept as part of the template.
      </p>
      <textarea
        id="content"
        name="content"
        value={text}
        onChange={(event) => setText(event.target.value)}
        rows={18}
        spellCheck={false}
        aria-describedby="content-help content-status"
        aria-invalid={liveError ? true : undefined}
        className="w-full rounded border border-slate-300 p-3 font-mono text-sm"
      />
      <p
        id="content-status"
        aria-live="polite"
        className={liveError ? "text-sm text-red-700" : "text-sm text-green-700"}
      >
        {liveError ?? `Valid template: ${check.ok ? check.name : ""}`}
      </p>
      {state.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {describe({ message: state.error, line: state.line, column: state.column })}
        </p>
      )}
      <div className="flex gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
        >
          {pending ? "Saving…" : "Save template"}
        </button>
        <Link href="/templates" className="rounded border border-slate-300 px-4 py-2 hover:bg-slate-100">
          Cancel
        </Link>
      </div>
    </form>
  );
}
