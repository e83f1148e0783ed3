import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from "@/lib/notifications/deliver";
import { listDeliveryAttempts } from "@/lib/notifications/log";
import { queueTestNotification } from "@/lib/notifications/send-test";
import { getDb as db } from "@/lib/db/client";
import { startMailCatcher, type MailCatcher } from "../../tools/mail-catcher";
import { createActor, createUser } from "../helpers/factories";
import { createDestinationRow, deliverDue, deliveriesOf, fakeClock, sendDeps, startReceiver } from "../helpers/notify";

let catcher: MailCatcher;
beforeAll(async () => {
  catcher = await startMailCatcher();
});
afterAll(() => catcher.stop());

describe("webhook delivery", () => {
  it("is signed with Standard Webhooks: an independent verifier (the standardwebhooks package) accepts it", async () => {
    const receiver = await startReceiver();
    const actor = await createActor();
    const destination = await createDestinationRow(actor, "webhook", receiver.url);
    const { deliveryId } = await queueTestNotification(actor, destination.id.toString());
    await deliverDue(sendDeps());
    await receiver.close();

    expect(receiver.hits).toHaveLength(1);
    const [hit] = receiver.hits;
    const headers = {
      "webhook-id": String(hit!.headers["webhook-id"]),
      "webhook-timestamp": String(hit!.headers["webhook-timestamp"]),
      "webhook-signature": String(hit!.headers["webhook-signature"]),
    };
    expect(headers["webhook-id"]).toBe(deliveryId);
    const verified = new Webhook(destination.secret!).verify(hit!.body, headers) as Record<string, unknown>;
    expect(verified).toMatchObject({
      type: "test",
      data: {
        organization: { id: actor.tenantId.toString(), name: actor.tenantName },
        settings_url: "http://localhost:3000/settings/github-sync",
      },
    });
    expect(Date.parse(verified.timestamp as string)).not.toBeNaN();
    // A body changed in transit, or another secret, fails the same verifier.
    expect(() => new Webhook(destination.secret!).verify(hit!.body.replace("test", "tost"), headers)).toThrow();
    const other = await createDestinationRow(actor, "webhook", receiver.url);
    expect(() => new Webhook(other.secret!).verify(hit!.body, headers)).toThrow();

    const [delivery] = await deliveriesOf(actor.tenantId);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 1 });
    const log = await listDeliveryAttempts(actor, destination.id.toString());
    expect(log).toEqual([expect.objectContaining({ type: "test", status_code: 200, delivery_status: "delivered" })]);
    expect(log[0]).not.toHaveProperty("error");
  });

  it("retries after 1 min, 5 min, 30 min and 2 h with the same webhook-id, then marks the delivery failed", async () => {
    const receiver = await startReceiver(() => ({ status: 503, body: "down ".repeat(1000) }));
    const actor = await createActor();
    const destination = await createDestinationRow(actor, "webhook", receiver.url);
    const clock = fakeClock();
    const deps = sendDeps({ now: clock.now });
    const { deliveryId } = await queueTestNotification(actor, destination.id.toString());

    expect(await deliverDue(deps)).toHaveLength(1);
    for (const [index, delay] of RETRY_DELAYS_MS.entries()) {
      clock.advance(delay - 1000);
      expect((await deliverDue(deps)).filter((e) => e.data.deliveryId === deliveryId)).toEqual([]);
      clock.advance(1000);
      const events = (await deliverDue(deps)).filter((e) => e.data.deliveryId === deliveryId);
      expect(events.map((e) => e.data.attempt)).toEqual([index + 2]);
    }
    clock.advance(24 * 60 * 60_000);
    expect((await deliverDue(deps)).filter((e) => e.data.deliveryId === deliveryId)).toEqual([]);
    await receiver.close();

    expect(receiver.hits).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(receiver.hits.map((h) => h.headers["webhook-id"]))).toEqual(new Set([deliveryId]));
    const [delivery] = await deliveriesOf(actor.tenantId);
    expect(delivery).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    const log = await listDeliveryAttempts(actor, destination.id.toString());
    expect(log).toHaveLength(MAX_ATTEMPTS);
    expect(log.every((a) => a.status_code === 503 && a.error === "Answered 503.")).toBe(true);
    expect(log.every((a) => a.delivery_status === "failed")).toBe(true);
    // Newest first.
    expect(log.map((a) => a.attempted_at)).toEqual([...log.map((a) => a.attempted_at)].sort().reverse());
  });

  it("a destination that is down does not hold back the others", async () => {
    const down = await startReceiver(() => ({ status: 500 }));
    const up = await startReceiver();
    const actor = await createActor();
    const bad = await createDestinationRow(actor, "webhook", down.url);
    const good = await createDestinationRow(actor, "slack", up.url);
    await queueTestNotification(actor, bad.id.toString());
    await queueTestNotification(actor, good.id.toString());
    await deliverDue(sendDeps());
    await Promise.all([down.close(), up.close()]);
    const byDestination = Object.fromEntries(
      (await deliveriesOf(actor.tenantId)).map((d) => [d.destinationId.toString(), d.status]),
    );
    expect(byDestination).toEqual({ [bad.id.toString()]: "pending", [good.id.toString()]: "delivered" });
  });

  it("an attempt the job runs twice is sent once", async () => {
    const receiver = await startReceiver();
    const actor = await createActor();
    const destination = await createDestinationRow(actor, "webhook", receiver.url);
    await queueTestNotification(actor, destination.id.toString());
    const deps = sendDeps();
    const events = await deliverDue(deps);
    const { attemptDelivery } = await import("@/lib/notifications/deliver");
    const mine = events.find((e) => e.data.tenantId === actor.tenantId.toString())!;
    expect(await attemptDelivery(deps, mine.data, mine.data.attempt)).toEqual({ outcome: "gone" });
    await receiver.close();
    expect(receiver.hits).toHaveLength(1);
  });
});

describe("Slack delivery", () => {
  it("posts blocks with a text fallback and a link to the settings page", async () => {
    const receiver = await startReceiver();
    const actor = await createActor();
    const destination = await createDestinationRow(actor, "slack", receiver.url);
    await queueTestNotification(actor, destination.id.toString());
    await deliverDue(sendDeps());
    await receiver.close();
    const message = JSON.parse(receiver.hits[0]!.body) as { text: string; blocks: { text?: { text: string } }[] };
    expect(message.text).toContain("http://localhost:3000/settings/github-sync");
    expect(message.blocks.length).toBeGreaterThan(1);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(message.blocks.at(-1)!.text!.text).toContain("<http://localhost:3000/settings/github-sync|");
    expect(receiver.hits[0]!.headers).not.toHaveProperty("webhook-signature");
  });
});

describe("email delivery", () => {
  it("mails the organization's admins (not its members) with text and HTML parts", async () => {
    const actor = await createActor();
    const admin2 = await createUser({ tenantId: actor.tenantId, role: "admin" });
    const member = await createUser({ tenantId: actor.tenantId, role: "member" });
    const destination = await createDestinationRow(actor, "email", null);
    await queueTestNotification(actor, destination.id.toString());
    await deliverDue(sendDeps({ notify: { ...sendDeps().notify, smtpUrl: catcher.smtpUrl } }));

    const mail = catcher.messages.find((m) => m.to.includes(actor.userEmail))!;
    expect(mail).toBeDefined();
    expect(mail.to.sort()).toEqual([actor.userEmail, admin2.email].sort());
    expect(mail.to).not.toContain(member.email);
    expect(mail.subject).toBe(`Test notification from Allegro for ${actor.tenantName}`);
    expect(mail.text).toContain("Settings: http://localhost:3000/settings/github-sync");
    expect(mail.html).toContain('<a href="http://localhost:3000/settings/github-sync">');
    const log = await listDeliveryAttempts(actor, destination.id.toString());
    expect(log).toEqual([expect.objectContaining({ status_code: 250, delivery_status: "delivered" })]);
  });

  it("without SMTP_URL the attempt is logged with the reason and retried later", async () => {
    const actor = await createActor();
    const destination = await createDestinationRow(actor, "email", null);
    await queueTestNotification(actor, destination.id.toString());
    await deliverDue(sendDeps());
    const log = await listDeliveryAttempts(actor, destination.id.toString());
    expect(log).toEqual([expect.objectContaining({ status_code: null, error: expect.stringMatching(/SMTP_URL/) })]);
    expect((await deliveriesOf(actor.tenantId))[0]).toMatchObject({ status: "pending", enqueuedAt: null });
  });
});

describe("the delivery log", () => {
  it("shows the last 50 attempts", async () => {
    const actor = await createActor();
    const destination = await createDestinationRow(actor, "webhook", "http://127.0.0.1:9/x");
    const delivery = await db().notificationDelivery.create({
      data: {
        id: `msg_log${destination.id}`,
        tenantId: actor.tenantId,
        destinationId: destination.id,
        type: "test",
        payload: {},
      },
    });
    await getDb().notificationAttempt.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({
        tenantId: actor.tenantId,
        destinationId: destination.id,
        deliveryId: delivery.id,
        attemptedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
        statusCode: 500,
        durationMs: i,
      })),
    });
    const log = await listDeliveryAttempts(actor, destination.id.toString());
    expect(log).toHaveLength(50);
    expect(log[0]!.duration_ms).toBe(59);
    expect(log.at(-1)!.duration_ms).toBe(10);
  });
});
