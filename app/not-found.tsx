import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto mt-16 max-w-md text-center">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Not found</h1>
      <Link href="/templates" className="mt-6 inline-block text-indigo-700 hover:underline">
        Back to templates
      </Link>
    </div>
  );
}
