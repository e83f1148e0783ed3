/** Emails are stored lower-cased, which makes the unique index case-insensitive. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
