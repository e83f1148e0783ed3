import type { Actor } from "@/lib/auth/actor";
import { sealSession, SESSION_COOKIE } from "@/lib/auth/session";

/** The Cookie header a signed-in browser of this actor would send. */
export async function sessionCookie(actor: Actor): Promise<string> {
  const seal = await sealSession({ userId: actor.userId.toString(), tenantId: actor.tenantId.toString() });
  return `${SESSION_COOKIE}=${encodeURIComponent(seal)}`;
}
