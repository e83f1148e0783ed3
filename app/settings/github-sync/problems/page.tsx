import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/server";
import { AppError } from "@/lib/errors";
import { listFileProblems, type ProblemPage } from "@/lib/sync/problem-list";

export const metadata: Metadata = { title: "Invalid files · GitHub Sync" };

const link = "rounded border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100";

/** Every invalid file of the last sync, 100 at a time (the settings page shows the first 100). */
export default async function InvalidFilesPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const actor = await requireActor("/settings/github-sync/problems");
  if (actor.role !== "admin") forbidden();
  const { cursor } = await searchParams;
  let page: ProblemPage | null = null;
  try {
    page = await listFileProblems(actor, { cursor: cursor || undefined });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
  return (
    <div className="space-y-4">
      <div>
        <Link href="/settings/github-sync" className="text-sm text-indigo-700 hover:underline">
          ← GitHub Sync
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">Invalid files</h1>
        <p className="mt-1 text-sm text-slate-600">
          The files of the last sync that are not valid templates, by path. Fix them on GitHub; the next sync picks them
          up.
        </p>
      </div>
      {!page ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800">
          This page link is not valid any more.{" "}
          <Link href="/settings/github-sync/problems" className="underline">
            Start from the first page
          </Link>
          .
        </p>
      ) : page.problems.length === 0 ? (
        <p className="rounded border border-slate-200 bg-white px-4 py-3 text-sm">No invalid files.</p>
      ) : (
        <ul className="space-y-1 rounded border border-slate-200 bg-white px-4 py-3 text-sm" data-testid="problems">
          {page.problems.map((e) => (
            <li key={e.path} className="break-words">
              {e.url ? (
                <a href={e.url} className="font-mono break-all text-indigo-700 hover:underline">
                  {e.path}
                  {e.line ? `:${e.line}:${e.column}` : ""}
                </a>
              ) : (
                <span className="font-mono break-all">{e.path}</span>
              )}{" "}
              — {e.message}
            </li>
          ))}
        </ul>
      )}
      {page && (page.next_cursor || cursor) && (
        <nav aria-label="Invalid files pages" className="flex flex-wrap justify-between gap-3 text-sm">
          {cursor ? (
            <Link href="/settings/github-sync/problems" className={link}>
              First page
            </Link>
          ) : (
            <span />
          )}
          {page.next_cursor && (
            <Link
              href={`/settings/github-sync/problems?cursor=${encodeURIComponent(page.next_cursor)}`}
              className={link}
              rel="next"
            >
              Next page
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
