/** Only same-origin paths are followed after sign-in (no open redirects). */
export function safeReturnTo(value: unknown, fallback = "/templates"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\"))
    return fallback;
  return value;
}
