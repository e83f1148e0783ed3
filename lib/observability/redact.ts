/**
 * Redaction for log lines, by key and by value. By key: any field whose name says it holds a
 * secret (password, token, secret, private key, cookie, authorization, signature). By value:
 * PEM private keys, GitHub tokens, bearer credentials, passwords in URLs, the session cookie,
 * and the configured secrets themselves, wherever they appear (an error message, a stack, a
 * URL). Errors are walked too: their message, stack, cause and own fields.
 */
export const REDACTED = "[Redacted]";

const SECRET_KEY =
  /(secret|passw|private_?key|^pem$|token|authorization|cookie|signature|signing_?key|event_?key|credential|api_?key)/i;

const PATTERNS: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  [/\b(gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,})/g, REDACTED],
  [/\b(bearer|token|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s/]+@/gi, `$1${REDACTED}@`],
  [/\b(password|passwd|secret|token|client_secret)(\s*[=:]\s*)[^\s&,;"']+/gi, `$1$2${REDACTED}`],
  [/(allegro_session=)[^;\s"']+/g, `$1${REDACTED}`],
];

export type Redactor = (value: unknown) => unknown;

/** `secrets`: the configured secret values (shorter than 8 characters are ignored: they would match words). */
export function createRedactor(secrets: (string | undefined)[]): Redactor {
  const values = [...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= 8))].sort(
    (a, b) => b.length - a.length,
  );
  const scrub = (text: string): string => {
    let out = text;
    for (const value of values) if (out.includes(value)) out = out.split(value).join(REDACTED);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  };
  const walk = (value: unknown, seen: WeakSet<object>, depth: number): unknown => {
    if (typeof value === "string") return scrub(value);
    if (typeof value === "bigint") return value.toString();
    if (value === null || typeof value !== "object") return value;
    if (seen.has(value) || depth > 8) return "[Circular]";
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => walk(item, seen, depth + 1));
    const out: Record<string, unknown> = {};
    if (value instanceof Error) {
      out.type = value.name;
      out.message = scrub(value.message);
      if (value.stack) out.stack = scrub(value.stack);
      if (value.cause !== undefined) out.cause = walk(value.cause, seen, depth + 1);
    }
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Headers) return walk(Object.fromEntries(value.entries()), seen, depth + 1);
    for (const [key, field] of Object.entries(value)) {
      out[key] =
        SECRET_KEY.test(key) && field !== null && field !== undefined ? REDACTED : walk(field, seen, depth + 1);
    }
    return out;
  };
  return (value) => walk(value, new WeakSet(), 0);
}

/** The environment variables whose values never appear in a log line. */
export const SECRET_VARIABLES = [
  "GITHUB_APP_PRIVATE_KEY",
  "GITHUB_WEBHOOK_SECRET",
  "GITHUB_APP_CLIENT_SECRET",
  "SESSION_SECRET",
  "INNGEST_SIGNING_KEY",
  "INNGEST_SIGNING_KEY_FALLBACK",
  "INNGEST_EVENT_KEY",
  "METRICS_TOKEN",
  "DATABASE_URL",
] as const;
