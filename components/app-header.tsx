import Link from "next/link";
import type { Actor } from "@/lib/auth/actor";
import { HeaderMenu } from "./header-menu";
import { OrganizationSwitch } from "./organization-switch";
import { SubmitButton } from "./submit-button";

type Props = {
  actor: Actor;
  /** The server action that switches the current organization (it lives with the routes, in app/). */
  switchOrganization: (formData: FormData) => Promise<void>;
};

const button = "rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 disabled:opacity-60";

export function AppHeader({ actor, switchOrganization }: Props) {
  const links = [
    { href: "/templates", label: "Templates" },
    ...(actor.role === "admin" ? [{ href: "/settings/github-sync", label: "Settings · GitHub Sync" }] : []),
  ];
  return (
    <header className="border-b border-slate-200 bg-white">
      <HeaderMenu
        brand={
          <Link href="/templates" className="text-lg font-semibold text-indigo-700">
            Allegro
          </Link>
        }
        links={links}
      >
        {actor.organizations.length > 1 ? (
          <OrganizationSwitch
            action={switchOrganization}
            current={actor.tenantId.toString()}
            organizations={actor.organizations.map((org) => ({
              id: org.id.toString(),
              label: `${org.name} (${org.role})`,
            }))}
          />
        ) : (
          <span data-testid="current-organization" className="font-medium">
            {actor.tenantName}
          </span>
        )}
        <span className="break-all text-slate-600" title={actor.userEmail}>
          {actor.userName} · {actor.role}
        </span>
        <Link href="/account/password" className="hover:underline">
          Change password
        </Link>
        <form action="/logout" method="post">
          <SubmitButton plainPost pendingLabel="Signing out…" className={button}>
            Sign out
          </SubmitButton>
        </form>
      </HeaderMenu>
    </header>
  );
}
