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
  const user = await getDb().user.findUnique({
    where: { id: session.userId },
    include: { memberships: { include: { tenant: true }, orderBy: { tenant: { name: "asc" } } } },
  });
  const current = user?.memberships.find((m) => m.tenantId === session.tenantId);
  if (!user || !current) return null;
  return {
    userId: user.id,
    tenantId: current.tenantId,
    role: current.role,
    userName: user.name,
    userEmail: user.email,
    tenantName: current.tenant.name,
    organizations: user.memberships.map((m) => ({ id: m.tenantId, name: m.tenant.name, role: m.role })),
  };
}

export function assertAdmin(actor: Actor): void {
  if (actor.role !== "admin")
    throw new AppError("forbidden", "Only organization admins can change GitHub Sync settings.");
}
