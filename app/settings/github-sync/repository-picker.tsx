"use client";

import { useActionState } from "react";
import type { RepositoryOption } from "@/lib/github-sync/repositories";
import { saveRepository, type ChooseState } from "./actions";

type Props = {
  items: RepositoryOption[];
  query: string;
  page: number;
  pages: number;
  total: number;
  current?: string | null;
};

export function RepositoryPicker({ items, query, page, pages, total, current }: Props) {
  const [state, action, pending] = useActionState<ChooseState, FormData>(saveRepository, {});
  const link = (p: number) => `?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(p) })}`;
  return (
    <section aria-labelledby="choose-repository" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="choose-repository" className="text-lg font-semibold">
        Choose the repository to sync
      </h2>
      <form method="get" role="search" className="mt-3 flex gap-2">
        <label htmlFor="repository-search" className="sr-only">
          Search repositories
        </label>
        <input
          id="repository-search"
          name="q"
          defaultValue={query}
          placeholder="Search repositories"
          className="w-full rounded border border-slate-300 px-3 py-2"
        />
        <button type="submit" className="rounded border border-slate-300 px-3 py-2 hover:bg-slate-100">
          Search
        </button>
      </form>
      <form action={action} className="mt-4 space-y-4">
        <fieldset>
          <legend className="text-sm font-medium">
            Repository ({total} accessible to the GitHub App{query ? ` matching “${query}”` : ""})
          </legend>
          {items.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">
              No repositories. Give the GitHub App access to a repository on GitHub, then reload.
            </p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-100 rounded border border-slate-200">
              {items.map((repo) => (
                <li key={repo.fullName} className="px-3 py-2">
                  <label className="flex items-center gap-2">
                    <input
                      type="radio"
                      name="repository"
                      value={repo.fullName}
                      defaultChecked={repo.fullName === current}
                      required
                    />
                    <span className="font-mono text-sm">{repo.fullName}</span>
                    <span className="text-xs text-slate-500">
                      default branch {repo.defaultBranch}
                      {repo.private ? " · private" : ""}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
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
              placeholder="the repository’s default branch"
              aria-describedby="branch-help"
              className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
            />
            <p id="branch-help" className="mt-1 text-xs text-slate-500">
              Leave empty for the default branch.
            </p>
          </div>
          <div>
            <label htmlFor="folder" className="block text-sm font-medium">
              Folder
            </label>
            <input
              id="folder"
              name="folder"
              placeholder="whole repository"
              aria-describedby="folder-help"
              className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
            />
            <p id="folder-help" className="mt-1 text-xs text-slate-500">
              Only .json files under this folder become templates.
            </p>
          </div>
        </div>
        {state.error && (
          <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
            {state.error}
          </p>
        )}
        <button
          type="submit"
          disabled={pending || items.length === 0}
          className="rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
        >
          {pending ? "Saving…" : "Save and sync"}
        </button>
      </form>
    </section>
  );
}
