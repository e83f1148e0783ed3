import { getDb } from "../db/client";
import { AppError } from "../errors";

export const MAX_FAILURES = 5;
export const MAX_ADDRESS_FAILURES = 30;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

type Counter = { scope: "email" | "address"; failures: number; window_started_at: Date };

/**
 * Counts this attempt as a failure before the password is checked, for the email
 * and for the client address, in one statement: the upsert locks each row, so
 * parallel guesses get distinct counts and at most MAX_FAILURES of them reach the
 * password check. Over a limit: 429 until that window ends. Returns `release`,
 * to call after a successful sign-in. Kept in PostgreSQL so app instances share it.
 */
export async function reserveAttempt(email: string, address: string, now: Date) {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  const counters = await getDb().$queryRaw<Counter[]>`
    INSERT INTO login_throttles AS t (scope, key, failures, window_started_at)
    VALUES ('email', ${email}, 1, ${now}), ('address', ${address}, 1, ${now})
    ON CONFLICT (scope, key) DO UPDATE SET
      failures = CASE WHEN t.window_started_at <= ${since} THEN 1 ELSE t.failures + 1 END,
      window_started_at = CASE WHEN t.window_started_at <= ${since} THEN ${now} ELSE t.window_started_at END
    RETURNING scope, failures, window_started_at`;
  const limits = { email: MAX_FAILURES, address: MAX_ADDRESS_FAILURES };
  const tripped = counters.filter((c) => c.failures > limits[c.scope]);
  if (tripped.length) throw throttled(tripped, now);
  const addressWindow = counters.find((c) => c.scope === "address")!.window_started_at;
  return { release: () => release(email, address, addressWindow) };
}

/** A success is not a failure: the email starts afresh and the address gets its slot back. */
async function release(email: string, address: string, addressWindow: Date): Promise<void> {
  const db = getDb();
  await db.loginThrottle.deleteMany({ where: { scope: "email", key: email } });
  await db.loginThrottle.updateMany({
    where: { scope: "address", key: address, windowStartedAt: addressWindow, failures: { gt: 0 } },
    data: { failures: { decrement: 1 } },
  });
}

function throttled(tripped: Counter[], now: Date): AppError {
  const retryAt = new Date(Math.max(...tripped.map((c) => c.window_started_at.getTime())) + FAILURE_WINDOW_MS);
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60000));
  const from = tripped.some((c) => c.scope === "email") ? "" : " from your network";
  return new AppError(
    "rate_limited",
    `Too many failed sign-in attempts${from}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    { retryAt: retryAt.toISOString() },
  );
}
