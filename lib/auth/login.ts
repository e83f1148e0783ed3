import { AppError } from "../errors";
import { getDb } from "../db/client";
import { normalizeEmail } from "./email";
import { DUMMY_PASSWORD_HASH, scryptHasher, type PasswordHasher } from "./password";

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const INVALID = "Invalid email or password.";

/**
 * Checks credentials and returns the user and the organization to open.
 * One generic error for unknown email and wrong password, with the same work
 * done for both; after MAX_FAILURES failures for an email within the window,
 * further attempts are refused until the window passes.
 */
export async function authenticate(
  emailInput: string,
  password: string,
  { now = new Date(), hasher = scryptHasher }: { now?: Date; hasher?: PasswordHasher } = {},
) {
  const db = getDb();
  const email = normalizeEmail(emailInput);
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  const failures = await db.loginAttempt.findMany({
    where: { email, createdAt: { gt: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  if (failures.length >= MAX_FAILURES) {
    const retryAt = new Date(failures[failures.length - MAX_FAILURES]!.createdAt.getTime() + FAILURE_WINDOW_MS);
    const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60000));
    throw new AppError(
      "rate_limited",
      `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      {
        retryAt: retryAt.toISOString(),
      },
    );
  }

  const user = await db.user.findUnique({
    where: { email },
    include: { memberships: { orderBy: { createdAt: "asc" }, take: 1 } },
  });
  const valid = await hasher.verify(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !valid || user.memberships.length === 0) {
    await db.loginAttempt.create({ data: { email, createdAt: now } });
    throw new AppError("unauthenticated", INVALID);
  }
  await db.loginAttempt.deleteMany({ where: { email } });
  return { userId: user.id, tenantId: user.memberships[0]!.tenantId };
}
