import Link from "next/link";
import type { Actor } from "@/lib/auth/actor";

type Props = {
  actor: Actor;
  /** The server action that switches the current organization (it lives with the routes, in app/). */
  switchOrganization: (formData: FormData) => Promise<void>;
};

export function AppHeader({ actor, switchOrganization }: Props) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-4 px-4 py-3">
        <Link href="/templates" className="text-lg font-semibold text-indigo-700">
          Allegro
        </Link>
        <nav aria-label="Main" className="flex gap-4 text-sm">
          <Link href="/templates" className="hover:underline">
            Templates
          </Link>
          {actor.role === "admin" && (
            <Link href="/settings/github-sync" className="hover:underline">
              Settings · GitHub Sync
            </Link>
          )}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          {actor.organizations.length > 1 ? (
            <form action={switchOrganization} className="flex items-center gap-2">
              <label htmlFor="organization" className="text-slate-600">
                Organization
              </label>
              <select
                id="organization"
                name="tenantId"
                defaultValue={actor.tenantId.toString()}
                className="rounded border border-slate-300 px-2 py-1"
              >
                {actor.organizations.map((org) => (
                  <option key={org.id.toString()} value={org.id.toString()}>
                    {org.name} ({org.role})
                  </option>
                ))}
              </select>
              <button type="submit" className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100">
                Switch
              </button>
            </form>
          ) : (
            <span data-testid="current-organization" className="font-medium">
              {actor.tenantName}
            </span>
          )}
          <span className="text-slate-500" title={actor.userEmail}>
            {actor.userName} · {actor.role}
          </span>
          <form action="/logout" method="post">
            <button type="submit" className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
