const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses an Inngest duration ("5s", "1m", "1h30m", "7d"): Go's time.ParseDuration
 * units plus days and weeks, as Inngest's docs write periods. Anything else throws.
 */
export function parseDuration(text: string): number {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (!parts.length || parts.map((part) => part[0]).join("") !== text.trim())
    throw new Error(`inngest-local: unsupported duration "${text}"`);
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNIT_MS[unit!]!, 0);
}

/** A `retry-after` value as the SDK sends it (seconds, or an RFC 3339 / HTTP date) → milliseconds from `now`. */
export function retryAfterMs(value: string, now = Date.now()): number | null {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
