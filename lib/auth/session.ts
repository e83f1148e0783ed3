import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import { getEnv } from "../env";
import { sealKey } from "./keys";

export const SESSION_COOKIE = "allegro_session";
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

const sessionSchema = z
  .object({
    userId: z.string().regex(/^\d+$/),
    tenantId: z.string().regex(/^\d+$/),
    expiresAt: z.number(),
  })
  .strict();

export type Session = z.infer<typeof sessionSchema>;

export async function sealSession(data: Omit<Session, "expiresAt">, now = Date.now()): Promise<string> {
  const session: Session = { ...data, expiresAt: now + SESSION_TTL_SECONDS * 1000 };
  return sealData(session, { password: sealKey("session"), ttl: SESSION_TTL_SECONDS });
}

/**
 * iron-session's unseal never throws (a bad seal gives {}) and allows 60 s of
 * clock skew, so the shape and our own expiry are checked here.
 */
export async function unsealSession(seal: string | undefined, now = Date.now()): Promise<Session | null> {
  if (!seal) return null;
  const data = await unsealData<unknown>(seal, { password: sealKey("session"), ttl: SESSION_TTL_SECONDS });
  const parsed = sessionSchema.safeParse(data);
  if (!parsed.success || parsed.data.expiresAt <= now) return null;
  return parsed.data;
}

export function sessionCookieOptions() {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: getEnv().secureCookies,
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  };
}

/** Reads one cookie from a raw Cookie header (route handlers are tested over plain HTTP). */
export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
