import { getDb } from "../db/client";
import { AppError } from "../errors";
import type { Actor } from "./actor";
import { hashPassword, verifyPassword } from "./password";
import { revokeUserSessions } from "./session-store";

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

/**
 * Changes the actor's password after checking the current one, and ends every
 * session of the user (whoever may hold a copied cookie has to sign in again).
 */
export async function changePassword(actor: Actor, current: string, next: string): Promise<void> {
  if (next.length < MIN_PASSWORD_LENGTH || next.length > MAX_PASSWORD_LENGTH)
    throw new AppError(
      "validation",
      `The new password must have at least ${MIN_PASSWORD_LENGTH} characters (at most ${MAX_PASSWORD_LENGTH}).`,
    );
  const db = getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(current, user.passwordHash)))
    throw new AppError("validation", "The current password is not correct.");
  const passwordHash = await hashPassword(next);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { passwordHash } });
    await revokeUserSessions(actor.userId, new Date(), tx);
  });
}
