"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getCurrentActor } from "@/lib/auth/server";
import { sealSession, SESSION_COOKIE, sessionCookieOptions } from "@/lib/auth/session";

/** Switches the current organization; only to one the user is a member of. */
export async function switchOrganization(formData: FormData): Promise<void> {
  const actor = await getCurrentActor();
  if (!actor) redirect("/login");
  const target = actor.organizations.find((org) => org.id.toString() === formData.get("tenantId"));
  if (target) {
    const seal = await sealSession({ userId: actor.userId.toString(), tenantId: target.id.toString() });
    (await cookies()).set(SESSION_COOKIE, seal, sessionCookieOptions());
  }
  redirect("/templates");
}
