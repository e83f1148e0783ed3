import { parsePermissions } from "../checks/permissions";

/** What write-back needs; syncing and checks work without it. */
export const PROPOSAL_PERMISSIONS = { contents: "write", pull_requests: "write" } as const;

const rank = { read: 1, write: 2, admin: 3 } as const;

/**
 * The permissions the installation lacks to propose changes, by name ("contents", "pull_requests").
 * Unknown permissions (an installation recorded before they were stored) lack nothing: GitHub's
 * 403 is the answer then, before anything is written.
 */
export function missingProposalPermissions(value: unknown): string[] {
  const granted = parsePermissions(value);
  if (!granted) return [];
  return Object.entries(PROPOSAL_PERMISSIONS)
    .filter(([name, level]) => {
      const has = granted[name];
      return !has || rank[has] < rank[level];
    })
    .map(([name]) => name);
}
