import { z } from "../zod";
import { assertAdmin, type Actor } from "../auth/actor";
import { getDb, type Db } from "../db/client";
import { AppError } from "../errors";
import { addressProblem, hostOf, urlProblem, type TargetPolicy } from "./address-policy";
import { EVENT_TYPES } from "./events";
import type { Resolver } from "./safe-http";
import { systemResolver } from "./safe-http";
import { newWebhookSecret } from "./signature";

/**
 * An organization's notification destinations, for its admins only. Every
 * query carries the actor's tenant; a destination of another organization is
 * simply not found. Secrets leave only in the answer that creates or rotates them.
 */
export const destinationInputSchema = z.object({
  kind: z.enum(["webhook", "slack", "email"]),
  url: z.string().trim().max(2048, "The URL is longer than 2048 characters.").optional(),
  events: z
    .array(z.enum(EVENT_TYPES))
    .min(1, "Choose at least one event.")
    .transform((events) => [...new Set(events)]),
});
export type DestinationInput = z.infer<typeof destinationInputSchema>;

export type DestinationView = { id: string; kind: string; events: string[]; url: string | null };
export type CreatedDestination = { id: string; kind: string; events: string[]; secret?: string };

export type UrlCheck = TargetPolicy & { resolve?: Resolver };

const MAX_DESTINATIONS = 20;

const toView = (row: { id: bigint; kind: string; events: string[]; url: string | null }): DestinationView => ({
  id: row.id.toString(),
  kind: row.kind,
  events: row.events,
  url: row.url,
});

/** Why this URL cannot be saved: scheme, credentials, and where its host resolves now (checked again at each send). */
export async function checkDestinationUrl(raw: string, check: UrlCheck): Promise<string | null> {
  const problem = urlProblem(raw, check);
  if (problem) return problem;
  const url = new URL(raw);
  let addresses: { address: string }[];
  try {
    addresses = await (check.resolve ?? systemResolver)(hostOf(url));
  } catch {
    return `The host ${url.hostname} does not resolve.`;
  }
  if (!addresses.length) return `The host ${url.hostname} does not resolve.`;
  for (const { address } of addresses) {
    const refused = addressProblem(address, url.protocol, check);
    if (refused) return refused;
  }
  return null;
}

export async function createDestination(actor: Actor, input: unknown, check: UrlCheck): Promise<CreatedDestination> {
  assertAdmin(actor);
  const parsed = destinationInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("validation", `${issue.path.join(".") || "body"}: ${issue.message}`, {
      field: String(issue.path[0] ?? ""),
    });
  }
  const { kind, events } = parsed.data;
  let url: string | null = null;
  if (kind === "email") {
    if (parsed.data.url)
      throw new AppError("validation", "An email destination has no URL: it mails the organization's admins.", {
        field: "url",
      });
  } else {
    if (!parsed.data.url) throw new AppError("validation", `A ${kind} destination needs a URL.`, { field: "url" });
    const problem = await checkDestinationUrl(parsed.data.url, check);
    if (problem) throw new AppError("validation", problem, { field: "url" });
    url = parsed.data.url;
  }
  const db = getDb();
  if ((await db.notificationDestination.count({ where: { tenantId: actor.tenantId } })) >= MAX_DESTINATIONS)
    throw new AppError("conflict", `An organization can have at most ${MAX_DESTINATIONS} destinations.`);
  const secret = kind === "webhook" ? newWebhookSecret() : null;
  const row = await db.notificationDestination.create({
    data: { tenantId: actor.tenantId, kind, url, events, secret },
  });
  return { id: row.id.toString(), kind, events, ...(secret ? { secret } : {}) };
}

export async function listDestinations(actor: Actor, db: Db = getDb()): Promise<DestinationView[]> {
  assertAdmin(actor);
  const rows = await db.notificationDestination.findMany({
    where: { tenantId: actor.tenantId },
    orderBy: { id: "asc" },
    select: { id: true, kind: true, events: true, url: true },
  });
  return rows.map(toView);
}

export const parseDestinationId = (id: string) => {
  if (!/^\d{1,18}$/.test(id)) throw new AppError("not_found", "No such destination.");
  return BigInt(id);
};

export async function deleteDestination(actor: Actor, id: string): Promise<void> {
  assertAdmin(actor);
  const { count } = await getDb().notificationDestination.deleteMany({
    where: { id: parseDestinationId(id), tenantId: actor.tenantId },
  });
  if (!count) throw new AppError("not_found", "No such destination.");
}

/** A new signing secret for a webhook: the old one stops working at once. */
export async function rotateSecret(actor: Actor, id: string): Promise<{ id: string; secret: string }> {
  assertAdmin(actor);
  const secret = newWebhookSecret();
  const { count } = await getDb().notificationDestination.updateMany({
    where: { id: parseDestinationId(id), tenantId: actor.tenantId, kind: "webhook" },
    data: { secret },
  });
  if (!count) throw new AppError("not_found", "No such webhook destination.");
  return { id, secret };
}
