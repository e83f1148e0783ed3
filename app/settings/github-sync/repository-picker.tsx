"use client";

import { useActionState, useEffect, useRef } from "react";
import type { RepositoryOption } from "@/lib/github-sync/repositories";
import { saveRepository, type ChooseState, type RepositoryValues } from "./actions";
import { FieldError, fieldProps } from "./field-error";

type Props = {
  items: RepositoryOption[];
  query: string;
  page: number;
  pages: number;
  total: number;
  /** The connection's current choice: Edit starts from it. */
  initial: RepositoryValues;
  mode: "choose" | "edit";
  configureUrl: string | null;
};

export function RepositoryPicker({ items, query, page, pages, total, initial, mode, configureUrl }: Props) {
  const [state, action, pending] = useActionState<ChooseState, FormData>(saveRepository, {});
  const values = state.values ?? initial;
  const form = useRef<HTMLFormElement>(null);
  const link = (p: number) =>
    `?${new URLSearchParams({ ...(mode === "edit" ? { edit: "1" } : {}), ...(query ? { q: query } : {}), page: String(p) })}`;

  // After an error, focus goes to the field at fault (or the message), so keyboard and screen reader users land on it.
  useEffect(() => {
    if (!state.error) return;
    const target = form.current?.querySelector<HTMLElement>(
      state.field === "repository" ? "input[name=repository]" : state.field ? `#${state.field}` : "#choose-error",
    );
    target?.focus();
  }, [state]);

  const error = (field: keyof RepositoryValues) => (state.field === field ? state.error : undefined);
  return (
    <section
      aria-labelledby="choose-repository"
      id="edit"
      className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6"
    >
      <h2 id="choose-repository" className="text-lg font-semibold">
        {mode === "edit" ? "Edit repository, branch and folder" : "Choose the repository to sync"}
      </h2>
      {mode === "edit" && (
        <p className="mt-1 text-sm text-slate-600">
          The next sync applies the change: templates whose files are not in the new source are deleted by it, as after
          a push that removes them.
        </p>
      )}
      <form method="get" role="search" className="mt-3 flex gap-2">
        {mode === "edit" && <input type="hidden" name="edit" value="1" />}
        <label htmlFor="repository-search" className="sr-only">
          Search repositories
        </label>
        <input
          id="repository-search"
          name="q"
          defaultValue={query}
          placeholder="Search repositories"
          className="min-w-0 flex-1 rounded border border-slate-300 px-3 py-2"
        />
        <button type="submit" className="rounded border border-slate-300 px-3 py-2 hover:bg-slate-100">
          Search
        </button>
      </form>
      <form ref={form} action={action} key={JSON.stringify(values)} className="mt-4 space-y-4" noValidate>
        <input type="hidden" name="mode" value={mode} />
        <fieldset>
          <legend className="text-sm font-medium">
            Repository ({total} accessible to the GitHub App{query ? ` matching “${query}”` : ""})
          </legend>
          {items.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">
              No repositories. Give the GitHub App access to a repository on GitHub
              {configureUrl && (
                <>
                  {" "}
                  (
                  <a href={configureUrl} className="text-indigo-700 underline">
                    Configure on GitHub
                  </a>
                  )
                </>
              )}
              , then reload.
            </p>
          ) : (
            <div
              role="radiogroup"
              aria-label="Repository"
              aria-invalid={error("repository") ? true : undefined}
              aria-describedby={error("repository") ? "repository-error" : undefined}
            >
              <ul className="mt-2 divide-y divide-slate-100 rounded border border-slate-200">
                {items.map((repo) => (
                  <li key={repo.fullName} className="px-3 py-2">
                    <label className="flex flex-wrap items-center gap-x-2">
                      <input
                        type="radio"
                        name="repository"
                        value={repo.fullName}
                        defaultChecked={repo.fullName === values.repository}
                        required
                      />
                      <span className="font-mono text-sm break-all">{repo.fullName}</span>
                      <span className="text-xs text-slate-600">
                        default branch {repo.defaultBranch}
                        {repo.private ? " · private" : ""}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <FieldError id="repository-error" message={error("repository")} />
          {pages > 1 && (
            <nav aria-label="Repository pages" className="mt-2 flex items-center gap-3 text-sm">
              {page > 1 && (
                <a href={link(page - 1)} className="text-indigo-700 hover:underline">
                  Previous
                </a>
              )}
              <span>
                Page {page} of {pages}
              </span>
              {page < pages && (
                <a href={link(page + 1)} className="text-indigo-700 hover:underline">
                  Next
                </a>
              )}
            </nav>
          )}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="branch" className="block text-sm font-medium">
              Branch
            </label>
            <input
              id="branch"
              name="branch"
              defaultValue={values.branch}
              placeholder="the repository’s default branch"
              {...fieldProps("branch", "Leave empty for the default branch.", error("branch"))}
              className="mt-1 w-full rounded border border-slate-300 px-3 py-2 aria-invalid:border-red-600"
            />
            <p id="branch-help" className="mt-1 text-xs text-slate-600">
              Leave empty for the default branch.
            </p>
            <FieldError id="branch-error" message={error("branch")} />
          </div>
          <div>
            <label htmlFor="folder" className="block text-sm font-medium">
              Folder
            </label>
            <input
              id="folder"
              name="folder"
              defaultValue={values.folder}
              placeholder="whole repository"
              {...fieldProps("folder", "Only .json files under this folder become templates.", error("folder"))}
              className="mt-1 w-full rounded border border-slate-300 px-3 py-2 aria-invalid:border-red-600"
            />
            <p id="folder-help" className="mt-1 text-xs text-slate-600">
              Only .json files under this folder become templates.
            </p>
            <FieldError id="folder-error" message={error("folder")} />
          </div>
        </div>
        {state.error && !state.field && (
          <p id="choose-error" role="alert" tabIndex={-1} className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
            {state.error}
          </p>
        )}
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            disabled={pending || items.length === 0}
            className="rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
          >
            {pending ? "Saving…" : mode === "edit" ? "Save changes" : "Save and sync"}
          </button>
          {mode === "edit" && (
            <a href="?" className="rounded border border-slate-300 px-4 py-2 hover:bg-slate-100">
              Cancel
            </a>
          )}
        </div>
      </form>
    </section>
  );
}
