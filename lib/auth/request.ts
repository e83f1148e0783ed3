import { AppError } from "../errors";
import { resolveActor, type Actor } from "./actor";
import { readCookie, SESSION_COOKIE, unsealSession } from "./session";

/** For route handlers: the actor from the request's session cookie, or 401. */
export async function requireActorFromRequest(request: Request): Promise<Actor> {
  const session = await unsealSession(readCookie(request.headers.get("cookie"), SESSION_COOKIE));
  const actor = await resolveActor(session);
  if (!actor) throw new AppError("unauthenticated", "Sign in to continue.");
  return actor;
}
