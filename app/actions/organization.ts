"use server";

import { redirect } from "next/navigation";
import { getCurrentActor, getCurrentSession } from "@/lib/auth/server";
import { pageAfterSwitch } from "@/lib/auth/page-after-switch";
import { switchOrganization as switchSessionOrganization } from "@/lib/auth/switch-organization";

/** Switches the current organization (only to one the user is a member of) and stays on the page when it can. */
export async function switchOrganization(formData: FormData): Promise<void> {
  const current = await getCurrentSession();
  if (!current) redirect("/login");
  await switchSessionOrganization(current.session, current.actor, formData.get("tenantId"));
  const actor = await getCurrentActor();
  redirect(actor ? await pageAfterSwitch(actor, formData.get("path")) : "/login");
}
