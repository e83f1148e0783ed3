import { createHash, randomBytes } from "node:crypto";
import { getDb, type Prisma } from "../db/client";

export const SESSION_TTL_SECONDS = 12 * 60 * 60;

/** A live row of `sessions`: who is signed in, in which organization, until when. */
export type Session = { id: string; userId: bigint; tenantId: bigint; expiresAt: Date };

/** Rows are keyed by the token's hash, so a database leak yields no usable cookie. */
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Opens a session with an absolute 12-hour lifetime; returns the token for the cookie. */
export async function openSession(userId: bigint, tenantId: bigint, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await getDb().userSession.create({
    data: {
      id: hashToken(token),
      userId,
      tenantId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000),
    },
  });
  return token;
}

/** The live session of a token, or null when unknown, revoked or expired. */
export async function findSession(token: string, now = new Date()): Promise<Session | null> {
  const row = await getDb().userSession.findUnique({ where: { id: hashToken(token) } });
  if (!row || row.revokedAt || row.expiresAt <= now) return null;
  return { id: row.id, userId: row.userId, tenantId: row.tenantId, expiresAt: row.expiresAt };
}

/** Moves a live session to another organization; its expiry stays where it was. */
export async function moveSession(session: Session, tenantId: bigint): Promise<void> {
  await getDb().userSession.updateMany({ where: { id: session.id, revokedAt: null }, data: { tenantId } });
}

export async function revokeSession(id: string, now = new Date()): Promise<void> {
  await getDb().userSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
}

/** Ends every session of a user but `except` (password change); `db` lets it join the caller's transaction. */
export async function revokeUserSessions(
  userId: bigint,
  now = new Date(),
  db: Prisma.TransactionClient = getDb(),
  { except }: { except?: string } = {},
): Promise<number> {
  const { count } = await db.userSession.updateMany({
    where: { userId, revokedAt: null, ...(except ? { id: { not: except } } : {}) },
    data: { revokedAt: now },
  });
  return count;
}
