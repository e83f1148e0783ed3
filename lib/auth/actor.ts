import { AppError } from "../errors";
import { getDb } from "../db/client";
import type { Session } from "./session-store";

export type Role = "admin" | "member";

/** Who is acting, in which organization: every tenant-scoped query takes one. */
export type Actor = {
  userId: bigint;
  tenantId: bigint;
  role: Role;
  userName: string;
  userEmail: string;
  tenantName: string;
  organizations: { id: bigint; name: string; role: Role }[];
};

/**
 * Resolves a live session to an actor, re-checking membership on every request:
 * a session whose organization membership is gone resolves to nobody.
 */
export async function resolveActor(session: Pick<Session, "userId" | "tenantId"> | null): Promise<Actor | null> {
  if (!session) return null;
  // One statement (every page and API request makes it): the user's memberships with their organizations.
  const rows = await getDb().$queryRaw<MembershipRow[]>`
    SELECT u.name AS user_name, u.email AS user_email, m.tenant_id, m.role::text AS role, t.name AS tenant_name
    FROM users u
    JOIN memberships m ON m.user_id = u.id
    JOIN tenants t ON t.id = m.tenant_id
    WHERE u.id = ${session.userId}
    ORDER BY t.name, t.id`;
  const current = rows.find((m) => m.tenant_id === session.tenantId);
  if (!current) return null;
  return {
    userId: session.userId,
    tenantId: current.tenant_id,
    role: current.role,
    userName: current.user_name,
    userEmail: current.user_email,
    tenantName: current.tenant_name,
    organizations: rows.map((m) => ({ id: m.tenant_id, name: m.tenant_name, role: m.role })),
  };
}

type MembershipRow = { user_name: string; user_email: string; tenant_id: bigint; role: Role; tenant_name: string };

export function assertAdmin(actor: Actor): void {
  if (actor.role !== "admin")
    throw new AppError("forbidden", "Only organization admins can change GitHub Sync settings.");
}
