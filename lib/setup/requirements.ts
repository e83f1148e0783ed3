/** What the product needs from its GitHub App; the manifest asks for it and the setup check verifies it. */
export type Access = "read" | "write";

export function requiredPermissions(access: Access): Record<string, "read" | "write"> {
  return { contents: access, metadata: "read", checks: "write", pull_requests: access };
}

/** GitHub always sends `installation` and `installation_repositories` to an App. */
export const REQUIRED_EVENTS = ["push", "pull_request", "check_run", "repository"] as const;

const RANK = { read: 1, write: 2 } as const;

/** "contents: read" for each permission the App lacks or has below what is needed. */
export function missingPermissions(granted: Record<string, string>, needed = requiredPermissions("read")): string[] {
  return Object.entries(needed)
    .filter(([name, level]) => (RANK[granted[name] as Access] ?? 0) < RANK[level])
    .map(([name, level]) => `${name}: ${level}`);
}

export function missingEvents(events: string[]): string[] {
  return REQUIRED_EVENTS.filter((event) => !events.includes(event));
}
