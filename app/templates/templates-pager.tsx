import Link from "next/link";

const pageHref = (q: string | undefined, cursor?: string) => {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (cursor) params.set("cursor", cursor);
  const query = params.toString();
  return query ? `/templates?${query}` : "/templates";
};

/** Search by name (on the server) and how many templates match. */
export function TemplatesSearch({ q, count }: { q: string; count: number }) {
  return (
    <form role="search" action="/templates" className="mb-4 flex flex-wrap items-end gap-3">
      <div className="flex min-w-0 flex-1 flex-col gap-1 sm:max-w-sm">
        <label htmlFor="templates-q" className="text-sm font-medium">
          Search by name
        </label>
        <input
          id="templates-q"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={200}
          className="rounded border border-slate-300 px-3 py-2"
        />
      </div>
      <button type="submit" className="rounded border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100">
        Search
      </button>
      <p className="basis-full text-sm text-slate-600 sm:basis-auto" aria-live="polite" data-testid="templates-count">
        {count.toLocaleString("en-US")} {count === 1 ? "template" : "templates"}
        {q ? ` whose name contains “${q}”` : ""}
      </p>
    </form>
  );
}

/** Keyset paging: the next page starts after the last row shown; "First page" starts over. */
export function TemplatesPager({ q, nextCursor, paged }: { q?: string; nextCursor: string | null; paged: boolean }) {
  if (!nextCursor && !paged) return null;
  const link = "rounded border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100";
  return (
    <nav aria-label="Templates pages" className="mt-4 flex flex-wrap justify-between gap-3 text-sm">
      {paged ? (
        <Link href={pageHref(q)} className={link}>
          First page
        </Link>
      ) : (
        <span />
      )}
      {nextCursor && (
        <Link href={pageHref(q, nextCursor)} className={link} rel="next">
          Next page
        </Link>
      )}
    </nav>
  );
}
