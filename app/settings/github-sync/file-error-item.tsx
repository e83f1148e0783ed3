/** One invalid file of a sync: its path (linked to the line on GitHub when known) and the message. */
export function FileErrorItem({
  error: e,
}: {
  error: { path: string; url?: string | null; line?: number | null; column?: number | null; message: string };
}) {
  return (
    <li className="break-words">
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
  );
}
