import { cookies } from "next/headers";
import { cache } from "react";
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

/**
 * For server components and actions: the signed-in actor, or null. Read once per page render
 * (the layout and the page share it: React's `cache` is scoped to one render); outside a
 * render, in a server action, every call reads the session again.
 */
export const getCurrentActor = cache(async (): Promise<Actor | null> => (await getCurrentSession())?.actor ?? null);

/** Sends a signed-out visitor to /login, returning to `returnTo` afterwards. */
export async function requireActor(returnTo: string): Promise<Actor> {
  const actor = await getCurrentActor();
  if (!actor) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  return actor;
}
