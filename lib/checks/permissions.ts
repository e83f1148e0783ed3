import { z } from "../zod";

/** What checks need from the installation; syncing needs only contents: read. */
export const CHECK_PERMISSIONS = { checks: "write", pull_requests: "read" } as const;

const permissionsSchema = z.record(z.string(), z.enum(["read", "write", "admin"]));
export type InstallationPermissions = z.infer<typeof permissionsSchema>;

const rank = { read: 1, write: 2, admin: 3 } as const;

/** The permissions GitHub reported (stored as jsonb), or null when unknown or malformed. */
export function parsePermissions(value: unknown): InstallationPermissions | null {
  const parsed = permissionsSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * The check permissions the installation lacks, as "checks: write". Unknown permissions (an
 * installation recorded before they were stored) lack nothing: the check is tried, and GitHub's
 * 403 is the answer then.
 */
export function missingCheckPermissions(value: unknown): string[] {
  const granted = parsePermissions(value);
  if (!granted) return [];
  return Object.entries(CHECK_PERMISSIONS)
    .filter(([name, level]) => {
      const has = granted[name];
      return !has || rank[has] < rank[level];
    })
    .map(([name, level]) => `${name}: ${level}`);
}
