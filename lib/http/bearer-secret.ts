import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "../errors";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * For routes a machine calls (a host's cron), not a browser: `Authorization: Bearer <secret>`
 * compared in constant time (both sides hashed first, so not even the length leaks). With no
 * secret configured the route does not exist (404); a missing or wrong token is a 401.
 */
export function assertBearerSecret(request: Request, secret: string | null, setting: string) {
  if (!secret) throw new AppError("not_found", `This route is off: set ${setting} to enable it.`);
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match || !timingSafeEqual(digest(match[1]!), digest(secret))) {
    throw new AppError("unauthenticated", "A valid bearer token is required.");
  }
}
