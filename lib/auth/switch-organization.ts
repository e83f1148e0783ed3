import type { Actor } from "./actor";
import { moveSession, type Session } from "./session-store";

/**
 * Opens another of the actor's organizations in the same session. The session
 * keeps its absolute expiry: switching never extends a sign-in.
 */
export async function switchOrganization(session: Session, actor: Actor, tenantId: unknown): Promise<boolean> {
  const target = actor.organizations.find((org) => org.id.toString() === tenantId);
  if (!target) return false;
  await moveSession(session, target.id);
  return true;
}
