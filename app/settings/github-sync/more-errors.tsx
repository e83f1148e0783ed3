import Link from "next/link";

/** When only the first invalid files are listed: how many, and where the rest are. */
export function MoreErrors({ shown, total }: { shown: number; total: number }) {
  if (total <= shown) return null;
  return (
    <p className="mt-1 text-sm text-slate-700">
      Showing the first {shown.toLocaleString("en-US")} of {total.toLocaleString("en-US")}.{" "}
      <Link href="/settings/github-sync/problems" className="text-indigo-700 underline">
        See every invalid file
      </Link>
    </p>
  );
}
