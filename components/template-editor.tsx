"use client";

import Link from "next/link";
import { useActionState, useEffect, useMemo, useRef, useState } from "react";
import { parseTemplateText, type DocumentProblem } from "@/lib/templates/document";
import { offsetOf } from "./text-position";

/** What a save answered: nothing while editing, or the error with its position in the document. */
export type EditorState = { error?: string; line?: number; column?: number };

type Props = {
  id?: string;
  initial: string;
  /** The server action that saves the document (app/templates/actions.ts); it redirects on success. */
  save: (previous: EditorState, formData: FormData) => Promise<EditorState>;
};

type Message = { tone: "error" | "valid"; text: string; fromSave: boolean; problem?: DocumentProblem };

function describe(problem: DocumentProblem) {
  return problem.line ? `Line ${problem.line}, column ${problem.column}: ${problem.message}` : problem.message;
}

/**
 * One message at a time: the last save's error while the text is the one that was saved,
 * otherwise the live check, which starts with the first edit (nothing is wrong before anything is typed).
 */
function currentMessage(text: string, edited: boolean, saved: EditorState, savedText: string | null): Message | null {
  if (saved.error && savedText === text) {
    const problem = { message: saved.error, line: saved.line, column: saved.column };
    return { tone: "error", text: describe(problem), fromSave: true, problem };
  }
  if (!edited) return null;
  const check = parseTemplateText(text);
  if (!check.ok) return { tone: "error", text: describe(check.problem), fromSave: false, problem: check.problem };
  return { tone: "valid", text: `Valid template: ${check.name}`, fromSave: false };
}

export function TemplateEditor({ id, initial, save }: Props) {
  const [text, setText] = useState(initial);
  const [edited, setEdited] = useState(false);
  const [savedText, setSavedText] = useState<string | null>(null);
  const [state, action, pending] = useActionState<EditorState, FormData>(save, {});
  const field = useRef<HTMLTextAreaElement>(null);
  const message = useMemo(() => currentMessage(text, edited, state, savedText), [text, edited, state, savedText]);

  // A refused save moves focus to the document, with the caret where the problem is.
  useEffect(() => {
    const textarea = field.current;
    if (!state.error || !textarea) return;
    textarea.focus();
    if (state.line) {
      const at = offsetOf(textarea.value, state.line, state.column ?? 1);
      textarea.setSelectionRange(at, at);
    }
  }, [state]);

  const invalid = message?.tone === "error";
  return (
    <form action={action} onSubmit={() => setSavedText(text)} className="space-y-3">
      {id && <input type="hidden" name="id" value={id} />}
      <label htmlFor="content" className="block text-sm font-medium">
        Template document (JSON)
      </label>
      <p id="content-help" className="text-sm text-slate-600">
        A JSON object with a <code>name</code> (required, at most 200 characters) and an optional{" "}
        <code>description</code>; every other field is kept, exactly as you write it.
      </p>
      <textarea
        ref={field}
        id="content"
        name="content"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setEdited(true);
        }}
        rows={18}
        spellCheck={false}
        aria-describedby="content-help content-status"
        aria-invalid={invalid || undefined}
        className={`w-full rounded border p-3 font-mono text-sm ${invalid ? "border-red-600" : "border-slate-300"}`}
      />
      <p
        id="content-status"
        role={message?.fromSave ? "alert" : "status"}
        className={
          !message
            ? "sr-only"
            : message.tone === "error"
              ? "rounded bg-red-50 px-3 py-2 text-sm text-red-800"
              : "text-sm text-green-800"
        }
      >
        {message?.text}
      </p>
      <div className="flex flex-wrap gap-3">
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
