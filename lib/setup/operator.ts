import { sealData, unsealData } from "iron-session";
import { z } from "../zod";
import { sealKey } from "../auth/keys";
import { readCookie } from "../auth/session";
import type { AppEnv } from "../env";
import { getEnv } from "../env";
import { AppError } from "../errors";

/** The operator's pass for /setup/github after a right setup code: a sealed cookie, 12 hours. */
export const SETUP_COOKIE = "allegro_setup";
const TTL_SECONDS = 12 * 60 * 60;
const SEAL = () => ({ password: sealKey("setup-session"), ttl: TTL_SECONDS });
const sessionSchema = z.object({ purpose: z.literal("setup-operator"), expiresAt: z.number() });

/** Development needs no code, unless ALLEGRO_SETUP_CODE is set; production always does. */
export function setupCodeRequired(env: Pick<AppEnv, "mode" | "setupCode"> = getEnv()): boolean {
  return env.mode === "production" || env.setupCode !== null;
}

export async function sealOperatorSession(now = Date.now()): Promise<string> {
  return sealData({ purpose: "setup-operator", expiresAt: now + TTL_SECONDS * 1000 }, SEAL());
}

export function operatorCookieOptions() {
  return { httpOnly: true, sameSite: "lax" as const, secure: getEnv().secureCookies, path: "/", maxAge: TTL_SECONDS };
}

/** Whether the request comes from the operator: no code needed, or a valid setup cookie. */
export async function isOperator(cookieHeader: string | null, now = Date.now()): Promise<boolean> {
  if (!setupCodeRequired()) return true;
  const seal = readCookie(cookieHeader, SETUP_COOKIE);
  if (!seal) return false;
  const parsed = sessionSchema.safeParse(await unsealData(seal, SEAL()));
  return parsed.success && parsed.data.expiresAt > now;
}

/** For route handlers: 401 unless the operator's setup code was entered (a signed-in admin is not enough). */
export async function requireOperator(request: Request): Promise<void> {
  if (!(await isOperator(request.headers.get("cookie"))))
    throw new AppError("unauthenticated", "Enter the setup code first: /setup/github is for the instance's operator.");
}
