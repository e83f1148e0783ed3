import { AppError } from "../errors";
import { resolveActor, type Actor } from "./actor";
import { readCookie, sessionCookieName, unsealSession, type Session } from "./session";

/** For route handlers that act on the session itself: the live session and its actor, or 401. */
export async function requireSessionFromRequest(request: Request): Promise<{ session: Session; actor: Actor }> {
  const session = await unsealSession(readCookie(request.headers.get("cookie"), sessionCookieName()));
  const actor = await resolveActor(session);
  if (!session || !actor) throw new AppError("unauthenticated", "Sign in to continue.");
  return { session, actor };
}

/** For route handlers: the actor from the request's session cookie, or 401. */
export async function requireActorFromRequest(request: Request): Promise<Actor> {
  return (await requireSessionFromRequest(request)).actor;
}
