import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { resolveActor, type Actor } from "./actor";
import { SESSION_COOKIE, unsealSession } from "./session";

/** For server components and actions: the signed-in actor, or null. */
export async function getCurrentActor(): Promise<Actor | null> {
  const jar = await cookies();
  return resolveActor(await unsealSession(jar.get(SESSION_COOKIE)?.value));
}

/** Sends a signed-out visitor to /login, returning to `returnTo` afterwards. */
export async function requireActor(returnTo: string): Promise<Actor> {
  const actor = await getCurrentActor();
  if (!actor) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  return actor;
}
