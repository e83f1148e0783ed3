import nodemailer from "nodemailer";
import type { Db } from "../db/client";
import type { NotifyEnv } from "../env-notify";
import type { DeliveryType, NotificationData, WebhookBody } from "./events";
import { headline, html, plainText, slackMessage } from "./message";
import { postSafely, type Resolver } from "./safe-http";
import { signedHeaders } from "./signature";

export type SendDeps = {
  db: Db;
  now: () => Date;
  notify: NotifyEnv;
  production: boolean;
  resolve?: Resolver;
  timeoutMs?: number;
};
export type SendResult = { statusCode: number | null; error: string | null };

type Destination = { id: bigint; tenantId: bigint; kind: string; url: string | null; secret: string | null };
type Delivery = { id: string; type: string; payload: unknown };

/** One attempt to hand a delivery to its destination. Never throws for the destination's failures. */
export async function sendToDestination(
  deps: SendDeps,
  destination: Destination,
  delivery: Delivery,
): Promise<SendResult> {
  const type = delivery.type as DeliveryType;
  const data = delivery.payload as NotificationData;
  const policy = {
    production: deps.production,
    allowPrivate: deps.notify.allowPrivate,
    resolve: deps.resolve,
    timeoutMs: deps.timeoutMs,
  };
  if (destination.kind === "email") return sendEmail(deps, destination.tenantId, type, data);
  if (!destination.url) return { statusCode: null, error: "The destination has no URL." };
  const headers = { "content-type": "application/json", "user-agent": "Allegro-Notifications/1" };
  if (destination.kind === "slack") {
    const result = await postSafely(destination.url, JSON.stringify(slackMessage(type, data)), headers, policy);
    return { statusCode: result.statusCode, error: result.error };
  }
  if (!destination.secret) return { statusCode: null, error: "The webhook has no signing secret." };
  const sentAt = deps.now();
  const body = JSON.stringify({ type, timestamp: sentAt.toISOString(), data } satisfies WebhookBody);
  const result = await postSafely(
    destination.url,
    body,
    { ...headers, ...signedHeaders(destination.secret, delivery.id, sentAt, body) },
    policy,
  );
  return { statusCode: result.statusCode, error: result.error };
}

/** Email to the organization's admins, as they are when the attempt is made, with text and HTML parts. */
async function sendEmail(
  deps: SendDeps,
  tenantId: bigint,
  type: DeliveryType,
  data: NotificationData,
): Promise<SendResult> {
  if (!deps.notify.smtpUrl) return { statusCode: null, error: "SMTP_URL is not set: email cannot be sent." };
  const admins = await deps.db.membership.findMany({
    where: { tenantId, role: "admin" },
    select: { user: { select: { email: true } } },
  });
  if (!admins.length) return { statusCode: null, error: "The organization has no admins to email." };
  const timeout = deps.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    url: deps.notify.smtpUrl,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  try {
    const info = await transport.sendMail({
      from: deps.notify.mailFrom,
      to: admins.map((a) => a.user.email),
      subject: headline(type, data),
      text: plainText(type, data),
      html: html(type, data),
    });
    return { statusCode: smtpCode(info.response), error: null };
  } catch (error) {
    const failure = error as { responseCode?: number; message?: string };
    return { statusCode: failure.responseCode ?? null, error: `Mail server refused: ${failure.message ?? error}` };
  } finally {
    transport.close();
  }
}

const smtpCode = (response: unknown) => {
  const match = typeof response === "string" ? /^(\d{3})/.exec(response) : null;
  return match ? Number(match[1]) : null;
};
