import { AppError } from "../errors";
import { getDb } from "../db/client";
import { normalizeEmail } from "./email";
import { reserveAttempt } from "./login-throttle";
import { DUMMY_PASSWORD_HASH, scryptHasher, type PasswordHasher } from "./password";

export { FAILURE_WINDOW_MS, MAX_ADDRESS_FAILURES, MAX_FAILURES } from "./login-throttle";
const INVALID = "Invalid email or password.";

export type LoginOptions = {
  /** Where the attempt comes from (`clientAddress(headers)`), for the per-address limit. */
  clientAddress: string;
  now?: Date;
  hasher?: PasswordHasher;
};

/**
 * Checks credentials and returns the user and the organization to open.
 * One generic error for unknown email and wrong password, with the same work
 * done for both; after MAX_FAILURES failures for an email (or MAX_ADDRESS_FAILURES
 * from one address) within the window, further attempts get 429 until it passes.
 */
export async function authenticate(
  emailInput: string,
  password: string,
  { clientAddress, now = new Date(), hasher = scryptHasher }: LoginOptions,
) {
  const db = getDb();
  const email = normalizeEmail(emailInput);
  const attempt = await reserveAttempt(email, clientAddress, now);

  const user = await db.user.findUnique({
    where: { email },
    include: { memberships: { orderBy: { createdAt: "asc" }, take: 1 } },
  });
  const valid = await hasher.verify(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !valid || user.memberships.length === 0) throw new AppError("unauthenticated", INVALID);
  await attempt.release();
  if (hasher.needsRehash(user.passwordHash)) {
    // Conditional on the old hash, so a password changed meanwhile is never overwritten.
    const passwordHash = await hasher.hash(password);
    await db.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash } });
  }
  return { userId: user.id, tenantId: user.memberships[0]!.tenantId };
}
