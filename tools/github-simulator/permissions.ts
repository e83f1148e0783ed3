import type { Context } from "./http";
import type { AppIdentity, Installation, Permissions } from "./model";
import { json, type Reply } from "./reply";

/**
 * An installation has the permissions its owner accepted, which can be fewer than the app asks
 * for: GitHub keeps the old set until the owner accepts the new request
 * (https://docs.github.com/en/apps/maintaining-github-apps/modifying-a-github-app-registration#changing-the-permissions-of-a-github-app).
 */
export const effectivePermissions = (app: AppIdentity, installation: Installation): Permissions =>
  installation.permissions ?? app.permissions;

const rank = { read: 1, write: 2 } as const;

export function hasPermission(app: AppIdentity, installation: Installation, name: string, level: "read" | "write") {
  const granted = effectivePermissions(app, installation)[name];
  return granted !== undefined && rank[granted] >= rank[level];
}

/** GitHub's answer to an installation token that lacks the permission a route needs. */
export function requirePermission(ctx: Context, name: string, level: "read" | "write"): Reply | null {
  if (ctx.installation && hasPermission(ctx.sim.app, ctx.installation, name, level)) return null;
  return json(403, {
    message: "Resource not accessible by integration",
    documentation_url: "https://docs.github.com/rest",
    status: "403",
  });
}
