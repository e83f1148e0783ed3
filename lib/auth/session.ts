import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import { getEnv } from "../env";
import { sealKey } from "./keys";
import { findSession, openSession, SESSION_TTL_SECONDS, type Session } from "./session-store";

export { SESSION_TTL_SECONDS, type Session } from "./session-store";
export const SESSION_COOKIE = "allegro_session";

/**
 * The session cookie's name: with secure cookies (an https APP_URL, as in production) it carries
 * the `__Host-` prefix, so browsers accept it only when Secure, for Path=/ and without a Domain:
 * no sibling subdomain or plain-http page can set or shadow it.
 */
export function sessionCookieName(secure = getEnv().secureCookies): string {
  return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

// The cookie carries only the session's random token: who, where and until when
// live in the `sessions` row, so a session can be ended server-side.
const cookieSchema = z.object({ token: z.string().regex(/^[\w-]{43}$/) }).strict();

/** Opens a session for the user in the organization and returns the sealed cookie value. */
export async function createSession(userId: bigint, tenantId: bigint, now = new Date()): Promise<string> {
  const token = await openSession(userId, tenantId, now);
  return sealData({ token }, { password: sealKey("session"), ttl: SESSION_TTL_SECONDS });
}

/**
 * iron-session's unseal never throws (a bad seal gives {}) and allows 60 s of
 * clock skew, so the shape is checked here and the row decides the rest.
 */
export async function unsealSession(seal: string | undefined, now = new Date()): Promise<Session | null> {
  if (!seal) return null;
  const data = await unsealData<unknown>(seal, { password: sealKey("session"), ttl: SESSION_TTL_SECONDS });
  const parsed = cookieSchema.safeParse(data);
  return parsed.success ? findSession(parsed.data.token, now) : null;
}

/** Secure, Path=/ and no Domain: what the `__Host-` prefix requires. */
export function sessionCookieOptions(secure = getEnv().secureCookies) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure,
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  };
}

/** Reads one cookie from a raw Cookie header (route handlers are tested over plain HTTP). */
export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined; // malformed %-escape: no session rather than a 500
      }
    }
  }
  return undefined;
}
