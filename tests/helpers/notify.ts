import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import type { EventType } from "@/lib/notifications/events";
import { attemptDelivery } from "@/lib/notifications/deliver";
import { relayNotifications, type NotificationEvent } from "@/lib/notifications/relay";
import type { SendDeps } from "@/lib/notifications/senders";
import { newWebhookSecret } from "@/lib/notifications/signature";

export type Hit = { headers: http.IncomingHttpHeaders; body: string; url: string };

/** A local HTTP receiver whose answer each test chooses (status, body, or a redirect). */
export async function startReceiver(
  answer: (hit: Hit) => { status: number; body?: string; headers?: Record<string, string> } = () => ({ status: 200 }),
) {
  const hits: Hit[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const hit = { headers: req.headers, body: Buffer.concat(chunks).toString(), url: req.url ?? "" };
    hits.push(hit);
    const reply = answer(hit);
    res.writeHead(reply.status, { "content-type": "text/plain", ...reply.headers }).end(reply.body ?? "ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A clock the test moves by hand. */
export function fakeClock(start = new Date(Date.now() + 1000)) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

export function sendDeps(overrides: Partial<SendDeps> = {}): SendDeps {
  return {
    db: getDb(),
    now: () => new Date(),
    notify: { smtpUrl: null, mailFrom: "Allegro <notifications@localhost>", allowPrivate: true, mailCatcherUrl: null },
    production: false,
    ...overrides,
  };
}

/** A destination row made directly (the API's validation has its own tests). */
export async function createDestinationRow(
  actor: Actor,
  kind: "webhook" | "slack" | "email",
  url: string | null,
  events: (EventType | string)[] = [
    "sync.failing",
    "sync.recovered",
    "sync.needs_decision",
    "connection.needs_attention",
  ],
) {
  return getDb().notificationDestination.create({
    data: { tenantId: actor.tenantId, kind, url, events, secret: kind === "webhook" ? newWebhookSecret() : null },
  });
}

/**
 * What Inngest does with the relay's events, step by step: relay what is due at the
 * clock's time, then run each event's one step (attemptDelivery). Returns the events.
 */
export async function deliverDue(deps: SendDeps): Promise<NotificationEvent[]> {
  const sent: NotificationEvent[] = [];
  await relayNotifications(
    { db: deps.db, now: deps.now, send: async (events) => void sent.push(...events) },
    { limit: 1000 },
  );
  for (const event of sent) await attemptDelivery(deps, event.data, event.data.attempt);
  return sent;
}

export const deliveriesOf = (tenantId: bigint) =>
  getDb().notificationDelivery.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } });
