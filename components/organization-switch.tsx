"use client";

import { usePathname } from "next/navigation";
import { SubmitButton } from "./submit-button";

type Props = {
  action: (formData: FormData) => Promise<void>;
  current: string;
  organizations: { id: string; label: string }[];
};

/** Switches organization; the current path travels along so the switch can stay on this page. */
export function OrganizationSwitch({ action, current, organizations }: Props) {
  const pathname = usePathname();
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="path" value={pathname} />
      <label htmlFor="organization" className="text-slate-600">
        Organization
      </label>
      <select
        key={current}
        id="organization"
        name="tenantId"
        defaultValue={current}
        className="max-w-full rounded border border-slate-300 px-2 py-1"
      >
        {organizations.map((org) => (
          <option key={org.id} value={org.id}>
            {org.label}
          </option>
        ))}
      </select>
      <SubmitButton
        pendingLabel="Switching…"
        className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 disabled:opacity-60"
      >
        Switch
      </SubmitButton>
    </form>
  );
}
