import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="mx-auto mt-16 max-w-md text-center">
      <p className="text-sm font-semibold text-red-700">403</p>
      <h1 className="mt-2 text-2xl font-semibold">You don’t have access to this page</h1>
      <p className="mt-2 text-slate-600">
        Only organization admins can manage GitHub Sync. Ask an admin of your organization for help.
      </p>
      <Link href="/templates" className="mt-6 inline-block text-indigo-700 hover:underline">
        Back to templates
      </Link>
    </div>
  );
}
