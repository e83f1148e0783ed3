import type { Actor } from "@/lib/auth/actor";
import { createSession, SESSION_COOKIE } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";

/** The Cookie header of a browser where this actor just signed in (a new session each call). */
export async function sessionCookie(actor: Actor): Promise<string> {
  const seal = await createSession(actor.userId, actor.tenantId);
  return `${SESSION_COOKIE}=${encodeURIComponent(seal)}`;
}

/** The Origin a browser sends with a request made from the app's own pages. */
export function appOrigin(): string {
  return new URL(getEnv().appUrl).origin;
}

/** Cookie and Origin of this actor's browser, on the app's own pages. */
export async function browserHeaders(actor: Actor): Promise<Record<string, string>> {
  return { cookie: await sessionCookie(actor), origin: appOrigin() };
}
