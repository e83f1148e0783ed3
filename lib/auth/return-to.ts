import { getEnv } from "../env";

// C0 and C1 control characters and DEL: browsers drop tabs and newlines from URLs,
// which turns "/\t/evil.example" into "//evil.example". Backslashes read as "/".
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * Only same-origin paths are followed after sign-in (no open redirects): `value`
 * is resolved against APP_URL and must stay on its origin. Returns the normalized
 * path, query and fragment, or `fallback`.
 */
export function safeReturnTo(value: unknown, fallback = "/templates"): string {
  if (typeof value !== "string" || !value.startsWith("/") || UNSAFE.test(value)) return fallback;
  const base = new URL(getEnv().appUrl);
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  return url.pathname + url.search + url.hash;
}
