"use client";

import Link from "next/link";
import { useActionState, useEffect, useMemo, useRef, useState } from "react";
import { parseTemplateText } from "@/lib/templates/document";
import { offsetOf } from "@/components/text-position";
import type { ProposalFormState } from "./form-state";
import { ProposalPermissionNotice } from "./permission-notice";
import { RefusalMessage } from "./refusal-message";

type OpenProposal = { number: number; title: string };

type Props = {
  /** A synced template's change, or a new file in the synced folder. */
  mode: "change" | "new";
  templateId?: string;
  initialText: string;
  defaultTitle: string;
  /** The open proposal already changing this template: a change is added to it unless another is chosen. */
  current: number | null;
  open: OpenProposal[];
  /** The synced folder, for a new file's path ("" for the whole repository). */
  folder?: string;
  repositoryUrl: string | null;
  missing: string[];
  settingsUrl: string | null;
  /** False when GitHub Sync cannot take proposals now (the page says why). */
  ready: boolean;
  cancelHref: string;
  action: (previous: ProposalFormState, formData: FormData) => Promise<ProposalFormState>;
};

const input = "w-full rounded border border-slate-300 px-3 py-2 text-sm";
const invalidInput = "w-full rounded border border-red-600 px-3 py-2 text-sm";

export function ProposeForm(props: Props) {
  const { mode, open, current, missing } = props;
  const [text, setText] = useState(props.initialText);
  const [edited, setEdited] = useState(false);
  const [target, setTarget] = useState(current === null ? "" : String(current));
  const [state, action, pending] = useActionState<ProposalFormState, FormData>(props.action, {});
  const textArea = useRef<HTMLTextAreaElement>(null);
  const pathInput = useRef<HTMLInputElement>(null);
  const alert = useRef<HTMLDivElement>(null);
  const live = useMemo(() => (edited ? parseTemplateText(text) : null), [text, edited]);

  // A refusal moves focus to what is at fault: the text (caret on the problem), the path, or the message.
  useEffect(() => {
    const error = state.error;
    if (!error) return;
    if (error.code === "invalid_template" && textArea.current) {
      textArea.current.focus();
      if (error.line) {
        const at = offsetOf(textArea.current.value, error.line, error.column ?? 1);
        textArea.current.setSelectionRange(at, at);
      }
    } else if (error.field === "path" && pathInput.current) pathInput.current.focus();
    else alert.current?.focus();
  }, [state]);

  const error = state.error;
  const textInvalid = error?.code === "invalid_template" || (live !== null && !live.ok);
  const blocked = !props.ready || missing.length > 0;
  const adding = target !== "";
  const permissionGap = error?.code === "permission_missing" ? (error.permissions ?? missing) : missing;

  return (
    <form action={action} className="space-y-4" aria-describedby={error ? "proposal-error" : undefined}>
      {props.templateId && <input type="hidden" name="templateId" value={props.templateId} />}
      <ProposalPermissionNotice missing={permissionGap} settingsUrl={props.settingsUrl} />
      {error && error.code !== "permission_missing" && (
        <div
          ref={alert}
          id="proposal-error"
          role="alert"
          tabIndex={-1}
          className="rounded bg-red-50 px-3 py-2 text-sm text-red-800"
          data-testid="proposal-error"
        >
          <RefusalMessage error={error} repositoryUrl={props.repositoryUrl} />
        </div>
      )}
      {state.opened && (
        <p role="status" className="rounded bg-green-50 px-3 py-2 text-sm text-green-900" data-testid="proposal-opened">
          {state.opened.added ? "Added to" : "Opened"}{" "}
          <a className="font-medium underline" href={state.opened.url}>
            pull request #{state.opened.number}
          </a>
          . The template appears in Allegro once the pull request is merged and synced.
        </p>
      )}
      {mode === "new" && (
        <div className="space-y-1">
          <label htmlFor="proposal-path" className="block text-sm font-medium">
            File path
          </label>
          <p id="proposal-path-help" className="text-sm text-slate-600">
            Relative to the repository root,{" "}
            {props.folder ? (
              <>
                in <code>{props.folder}/</code>,{" "}
              </>
            ) : null}
            ending in <code>.json</code>, and not taken yet.
          </p>
          <input
            ref={pathInput}
            id="proposal-path"
            name="path"
            required
            defaultValue={props.folder ? `${props.folder}/` : ""}
            aria-describedby="proposal-path-help"
            aria-invalid={error?.field === "path" || undefined}
            className={`${error?.field === "path" ? invalidInput : input} font-mono`}
          />
        </div>
      )}
      <div className="space-y-1">
        <label htmlFor="proposal-text" className="block text-sm font-medium">
          Template document (JSON)
        </label>
        <p id="proposal-text-help" className="text-sm text-slate-600">
          Checked the way the sync checks it. {mode === "change" && "It starts as synced."}
        </p>
        <textarea
          ref={textArea}
          id="proposal-text"
          name="text"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setEdited(true);
          }}
          rows={16}
          spellCheck={false}
          aria-describedby="proposal-text-help proposal-text-status"
          aria-invalid={textInvalid || undefined}
          className={`${textInvalid ? invalidInput : input} font-mono`}
        />
        <p
          id="proposal-text-status"
          role="status"
          className={live === null ? "sr-only" : live.ok ? "text-sm text-green-800" : "text-sm text-red-800"}
        >
          {live === null
            ? ""
            : live.ok
              ? `Valid template: ${live.name}`
              : live.problem.line
                ? `Line ${live.problem.line}, column ${live.problem.column}: ${live.problem.message}`
                : live.problem.message}
        </p>
      </div>
      <div className="space-y-1">
        <label htmlFor="proposal-title" className="block text-sm font-medium">
          Title
        </label>
        <input
          id="proposal-title"
          name="title"
          defaultValue={props.defaultTitle}
          maxLength={256}
          aria-invalid={error?.field === "title" || undefined}
          className={error?.field === "title" ? invalidInput : input}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="proposal-description" className="block text-sm font-medium">
          Description <span className="font-normal text-slate-600">(optional)</span>
        </label>
        <textarea id="proposal-description" name="description" rows={3} maxLength={10_000} className={input} />
      </div>
      <div className="space-y-1">
        <label htmlFor="proposal-target" className="block text-sm font-medium">
          Pull request
        </label>
        <select
          id="proposal-target"
          name="proposal"
          value={target}
          onChange={(event) => setTarget(event.target.value)}
          aria-describedby="proposal-target-help"
          className={`${input} max-w-full`}
        >
          <option value="">Open a new pull request</option>
          {open.map((p) => (
            <option key={p.number} value={p.number}>
              Add to #{p.number}: {p.title}
            </option>
          ))}
        </select>
        <p id="proposal-target-help" className="text-sm text-slate-600">
          {current !== null && target === String(current)
            ? `This template has an open proposal (#${current}): your change is added to it as a new commit.`
            : adding
              ? `Your change is added to pull request #${target} as a new commit, so they are reviewed together.`
              : "A new branch from the commit last synced, and a pull request to the synced branch."}
        </p>
      </div>
      <div className="flex flex-wrap gap-3">
        <button
          type="submit"
          disabled={pending || blocked}
          className="rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
        >
          {pending ? "Proposing…" : adding ? `Add to pull request #${target}` : "Open pull request"}
        </button>
        <Link href={props.cancelHref} className="rounded border border-slate-300 px-4 py-2 hover:bg-slate-100">
          Cancel
        </Link>
      </div>
    </form>
  );
}
