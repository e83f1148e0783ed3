"use server";

import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/auth/server";
import { switchOrganization as switchSessionOrganization } from "@/lib/auth/switch-organization";

/** Switches the current organization; only to one the user is a member of. */
export async function switchOrganization(formData: FormData): Promise<void> {
  const current = await getCurrentSession();
  if (!current) redirect("/login");
  await switchSessionOrganization(current.session, current.actor, formData.get("tenantId"));
  redirect("/templates");
}
