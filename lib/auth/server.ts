import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { resolveActor, type Actor } from "./actor";
import { sessionCookieName, unsealSession, type Session } from "./session";

/** For server actions that change the session itself: the live session and its actor, or null. */
export async function getCurrentSession(): Promise<{ session: Session; actor: Actor } | null> {
  const jar = await cookies();
  const session = await unsealSession(jar.get(sessionCookieName())?.value);
  const actor = await resolveActor(session);
  return session && actor ? { session, actor } : null;
}

/** For server components and actions: the signed-in actor, or null. */
export async function getCurrentActor(): Promise<Actor | null> {
  return (await getCurrentSession())?.actor ?? null;
}

/** Sends a signed-out visitor to /login, returning to `returnTo` afterwards. */
export async function requireActor(returnTo: string): Promise<Actor> {
  const actor = await getCurrentActor();
  if (!actor) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  return actor;
}
