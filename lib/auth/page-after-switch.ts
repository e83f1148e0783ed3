import type { Actor } from "./actor";
import { getDb } from "../db/client";

const TEMPLATE = /^\/templates\/(\d{1,18})$/;

/**
 * Where switching organization lands: the page the user was on when it exists in the
 * organization just opened, otherwise the templates list. Only known pages are kept,
 * so the posted path can never redirect anywhere else.
 */
export async function pageAfterSwitch(actor: Actor, path: unknown): Promise<string> {
  if (typeof path !== "string") return "/templates";
  if (path === "/templates" || path === "/templates/new") return path;
  if (path === "/settings/github-sync") return actor.role === "admin" ? path : "/templates";
  const template = TEMPLATE.exec(path);
  if (template) {
    const found = await getDb().template.findFirst({
      where: { id: BigInt(template[1]!), tenantId: actor.tenantId, deletedAt: null },
      select: { id: true },
    });
    if (found) return path;
  }
  return "/templates";
}
