import { z } from "zod";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import type { Actor } from "./actor";
import { hashPassword, verifyPassword } from "./password";
import { revokeUserSessions } from "./session-store";

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

/** The body of POST /api/account/password. */
export const changePasswordSchema = z
  .object({
    current_password: z
      .string({ message: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(MAX_PASSWORD_LENGTH, "The current password is not correct."),
    new_password: z
      .string({ message: "Enter a new password." })
      .min(MIN_PASSWORD_LENGTH, `The new password must have at least ${MIN_PASSWORD_LENGTH} characters.`)
      .max(MAX_PASSWORD_LENGTH, `The new password must have at most ${MAX_PASSWORD_LENGTH} characters.`),
  })
  .strict();

/** Turns a request body into the two passwords, or a 422 naming the field at fault. */
export function parseChangePassword(body: unknown): z.infer<typeof changePasswordSchema> {
  const parsed = changePasswordSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] === "current_password" ? "current_password" : "new_password";
    throw new AppError(
      "validation",
      issue.code === "unrecognized_keys" ? "Unknown field in the body." : issue.message,
      {
        field,
      },
    );
  }
  return parsed.data;
}

/**
 * Changes the actor's password after checking the current one, and ends every other
 * session of the user (whoever may hold a copied cookie has to sign in again). The
 * session that made the change (`keepSessionId`) stays signed in; without it, every
 * session ends. Answers how many sessions were ended.
 */
export async function changePassword(
  actor: Actor,
  current: string,
  next: string,
  { keepSessionId }: { keepSessionId?: string } = {},
): Promise<{ revokedSessions: number }> {
  parseChangePassword({ current_password: current, new_password: next });
  const db = getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(current, user.passwordHash)))
    throw new AppError("validation", "The current password is not correct.", { field: "current_password" });
  if (current === next)
    throw new AppError("validation", "The new password must differ from the current one.", { field: "new_password" });
  const passwordHash = await hashPassword(next);
  const revokedSessions = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { passwordHash } });
    return revokeUserSessions(actor.userId, new Date(), tx, { except: keepSessionId });
  });
  return { revokedSessions };
}
