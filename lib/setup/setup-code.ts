import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { FAILURE_WINDOW_MS, MAX_FAILURES } from "../auth/login-throttle";
import type { Db } from "../db/client";
import { AppError } from "../errors";

/** Across all addresses: a setup code has 80 random bits, but nobody needs this many tries. */
const MAX_TOTAL_FAILURES = 50;
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

const hash = (code: string) => createHash("sha256").update(normalize(code)).digest("hex");
const normalize = (code: string) =>
  code
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, "");

/** A fresh code for `npm start` to print (XXXX-XXXX-XXXX-XXXX, 80 bits); only its hash is stored. */
export async function issueSetupCode(db: Db): Promise<string> {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  const code = chars.match(/.{4}/g)!.join("-");
  await db.setupCode.create({ data: { codeHash: hash(code) } });
  return code;
}

/**
 * Checks a setup code, throttled like sign-ins (in PostgreSQL, shared by every instance): each
 * attempt counts as a failure first, per address and in total; a right code gives the address
 * its slot back. `envCode` (ALLEGRO_SETUP_CODE) is always valid; printed codes until setup completes.
 */
export async function verifySetupCode(
  db: Db,
  code: string,
  { address, envCode, now = new Date() }: { address: string; envCode: string | null; now?: Date },
): Promise<void> {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  const counters = await db.$queryRaw<{ scope: string; failures: number; window_started_at: Date }[]>`
    INSERT INTO login_throttles AS t (scope, key, failures, window_started_at)
    VALUES ('setup-address', ${address}, 1, ${now}), ('setup-total', '*', 1, ${now})
    ON CONFLICT (scope, key) DO UPDATE SET
      failures = CASE WHEN t.window_started_at <= ${since} THEN 1 ELSE t.failures + 1 END,
      window_started_at = CASE WHEN t.window_started_at <= ${since} THEN ${now} ELSE t.window_started_at END
    RETURNING scope, failures, window_started_at`;
  const limit = (scope: string) => (scope === "setup-address" ? MAX_FAILURES : MAX_TOTAL_FAILURES);
  const tripped = counters.filter((c) => c.failures > limit(c.scope));
  if (tripped.length) {
    const retryAt = new Date(Math.max(...tripped.map((c) => c.window_started_at.getTime())) + FAILURE_WINDOW_MS);
    const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60000));
    throw new AppError(
      "rate_limited",
      `Too many wrong setup codes. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      {
        retryAt: retryAt.toISOString(),
      },
    );
  }
  if (!(await isValidCode(db, code, envCode))) {
    throw new AppError(
      "unauthenticated",
      "That is not the setup code. Use the one printed in the server log at start-up, or ALLEGRO_SETUP_CODE.",
    );
  }
  await db.$executeRaw`
    UPDATE login_throttles SET failures = GREATEST(failures - 1, 0)
    WHERE (scope = 'setup-address' AND key = ${address}) OR (scope = 'setup-total' AND key = '*')`;
}

async function isValidCode(db: Db, code: string, envCode: string | null): Promise<boolean> {
  if (!normalize(code)) return false;
  if (envCode) {
    const a = Buffer.from(hash(code));
    if (timingSafeEqual(a, Buffer.from(hash(envCode)))) return true;
  }
  const row = await db.setupCode.findFirst({
    where: { codeHash: hash(code), usedAt: null },
    select: { codeHash: true },
  });
  return row !== null;
}

/** Setup completed: the printed codes stop working (the next start prints a new one while unconfigured). */
export async function retireSetupCodes(db: Db, now = new Date()): Promise<void> {
  await db.setupCode.updateMany({ where: { usedAt: null }, data: { usedAt: now } });
}
