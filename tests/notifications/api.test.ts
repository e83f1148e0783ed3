import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as collection from "@/app/api/notifications/destinations/route";
import * as item from "@/app/api/notifications/destinations/[id]/route";
import * as testRoute from "@/app/api/notifications/destinations/[id]/test/route";
import * as deliveriesRoute from "@/app/api/notifications/destinations/[id]/deliveries/route";
import * as secretRoute from "@/app/api/notifications/destinations/[id]/secret/route";
import * as inngestRoute from "@/app/api/inngest/route";
import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { NOTIFICATION_EVENT } from "@/lib/notifications/relay";
import { startRouteServer } from "../../tools/route-server";
import { driveFunction } from "../../tools/inngest-local/serve-driver";
import { createActor } from "../helpers/factories";
import { eventually } from "../helpers/eventually";
import { inngestSink } from "../helpers/inngest-sink";
import { startReceiver } from "../helpers/notify";
import { appOrigin, sessionCookie } from "../helpers/session";

// Private targets (the local receiver) are allowed here, as `npm run dev` allows them.
process.env.ALLEGRO_NOTIFY_ALLOW_PRIVATE = "1";

let server: Awaited<ReturnType<typeof startRouteServer>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  server = await startRouteServer({
    "/api/notifications/destinations": collection,
    "/api/notifications/destinations/:id": item,
    "/api/notifications/destinations/:id/test": testRoute,
    "/api/notifications/destinations/:id/deliveries": deliveriesRoute,
    "/api/notifications/destinations/:id/secret": secretRoute,
    "/api/inngest": inngestRoute as never,
  });
  receiver = await startReceiver();
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

type Call = { method?: string; body?: unknown; origin?: string | null; type?: string };
async function call(
  actor: Actor | null,
  path: string,
  { method = "GET", body, origin = appOrigin(), type }: Call = {},
) {
  const headers: Record<string, string> = {};
  if (actor) headers.cookie = await sessionCookie(actor);
  if (origin) headers.origin = origin;
  if (body !== undefined) headers["content-type"] = type ?? "application/json";
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const destinationsOf = (actor: Actor) =>
  getDb().notificationDestination.findMany({ where: { tenantId: actor.tenantId } });
const WEBHOOK = () => ({ kind: "webhook", url: receiver.url, events: ["sync.failing", "sync.recovered"] });

describe("notification destinations API", () => {
  it("creates a webhook (its whsec_ secret in that answer only), lists without secrets, deletes", async () => {
    const admin = await createActor("admin");
    const created = await call(admin, "/api/notifications/destinations", { method: "POST", body: WEBHOOK() });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      kind: "webhook",
      events: ["sync.failing", "sync.recovered"],
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const email = await call(admin, "/api/notifications/destinations", {
      method: "POST",
      body: { kind: "email", events: ["connection.needs_attention"] },
    });
    expect(email.body).toEqual({ id: expect.any(String), kind: "email", events: ["connection.needs_attention"] });

    const listed = await call(admin, "/api/notifications/destinations");
    expect(listed.body).toEqual({
      destinations: [
        { id: created.body.id, kind: "webhook", events: ["sync.failing", "sync.recovered"], url: receiver.url },
        { id: email.body.id, kind: "email", events: ["connection.needs_attention"], url: null },
      ],
    });
    expect(JSON.stringify(listed.body)).not.toContain("whsec_");

    expect((await call(admin, `/api/notifications/destinations/${created.body.id}`, { method: "DELETE" })).status).toBe(
      204,
    );
    expect((await destinationsOf(admin)).map((d) => d.id.toString())).toEqual([email.body.id]);
  });

  it("rotates a webhook's secret: the new one is shown once and replaces the old", async () => {
    const admin = await createActor("admin");
    const created = await call(admin, "/api/notifications/destinations", { method: "POST", body: WEBHOOK() });
    const rotated = await call(admin, `/api/notifications/destinations/${created.body.id}/secret`, { method: "POST" });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect((await destinationsOf(admin))[0]!.secret).toBe(rotated.body.secret);
  });

  it("refuses bad input with 422 and the reason, and changes nothing", async () => {
    const admin = await createActor("admin");
    const cases: [unknown, RegExp][] = [
      [{ kind: "pager", events: ["sync.failing"] }, /kind/],
      [{ kind: "webhook", url: receiver.url, events: [] }, /at least one event/],
      [{ kind: "webhook", url: receiver.url, events: ["sync.exploded"] }, /events/],
      [{ kind: "webhook", events: ["sync.failing"] }, /needs a URL/],
      [{ kind: "slack", url: "ftp://hooks.example/x", events: ["sync.failing"] }, /must start with https/],
      [{ kind: "webhook", url: "https://user:pw@hooks.example/x", events: ["sync.failing"] }, /user name or password/],
      [{ kind: "webhook", url: "https://nowhere.invalid/x", events: ["sync.failing"] }, /does not resolve/],
      [{ kind: "email", url: receiver.url, events: ["sync.failing"] }, /no URL/],
    ];
    for (const [body, reason] of cases) {
      const answer = await call(admin, "/api/notifications/destinations", { method: "POST", body });
      expect([JSON.stringify(body), answer.status]).toEqual([JSON.stringify(body), 422]);
      expect(answer.body.error.message).toMatch(reason);
    }
    expect((await call(admin, "/api/notifications/destinations", { method: "POST", body: "{not json" })).status).toBe(
      400,
    );
    expect(await destinationsOf(admin)).toEqual([]);
  });

  it("is for admins only: members get 403 and see no URL", async () => {
    const admin = await createActor("admin");
    const created = await call(admin, "/api/notifications/destinations", { method: "POST", body: WEBHOOK() });
    const member = await createActor("member");
    await getDb().membership.update({
      where: { userId_tenantId: { userId: member.userId, tenantId: member.tenantId } },
      data: { tenantId: admin.tenantId },
    });
    const memberHere = { ...member, tenantId: admin.tenantId, role: "member" as const };
    const id = created.body.id;
    for (const [path, method] of [
      ["/api/notifications/destinations", "GET"],
      [`/api/notifications/destinations/${id}`, "DELETE"],
      [`/api/notifications/destinations/${id}/test`, "POST"],
      [`/api/notifications/destinations/${id}/deliveries`, "GET"],
      [`/api/notifications/destinations/${id}/secret`, "POST"],
    ] as const) {
      const answer = await call(memberHere, path, { method });
      expect([path, method, answer.status]).toEqual([path, method, 403]);
      expect(JSON.stringify(answer.body)).not.toContain(receiver.url);
    }
    expect(
      (await call(memberHere, "/api/notifications/destinations", { method: "POST", body: WEBHOOK() })).status,
    ).toBe(403);
    expect((await destinationsOf(admin)).map((d) => d.secret)).toEqual([created.body.secret]);
    expect(await getDb().notificationDelivery.count({ where: { tenantId: admin.tenantId } })).toBe(0);
    expect((await call(null, "/api/notifications/destinations")).status).toBe(401);
  });

  it("is scoped to the organization: another organization's destination is not found, and stays as it was", async () => {
    const owner = await createActor("admin");
    const created = await call(owner, "/api/notifications/destinations", { method: "POST", body: WEBHOOK() });
    const intruder = await createActor("admin");
    const id = created.body.id;
    for (const [path, method] of [
      [`/api/notifications/destinations/${id}`, "DELETE"],
      [`/api/notifications/destinations/${id}/test`, "POST"],
      [`/api/notifications/destinations/${id}/deliveries`, "GET"],
      [`/api/notifications/destinations/${id}/secret`, "POST"],
    ] as const) {
      expect([path, (await call(intruder, path, { method })).status]).toEqual([path, 404]);
    }
    expect((await call(intruder, "/api/notifications/destinations")).body).toEqual({ destinations: [] });
    expect((await destinationsOf(owner)).map((d) => d.secret)).toEqual([created.body.secret]);
    expect(await getDb().notificationDelivery.count({ where: { destinationId: BigInt(id) } })).toBe(0);
    expect((await call(intruder, "/api/notifications/destinations/abc", { method: "DELETE" })).status).toBe(404);
  });

  it("refuses cross-site requests and non-JSON bodies, changing nothing", async () => {
    const admin = await createActor("admin");
    const created = await call(admin, "/api/notifications/destinations", { method: "POST", body: WEBHOOK() });
    const evil = { origin: "https://evil.example" };
    expect(
      (await call(admin, "/api/notifications/destinations", { method: "POST", body: WEBHOOK(), ...evil })).status,
    ).toBe(403);
    expect(
      (await call(admin, `/api/notifications/destinations/${created.body.id}`, { method: "DELETE", ...evil })).status,
    ).toBe(403);
    expect(
      (await call(admin, `/api/notifications/destinations/${created.body.id}/test`, { method: "POST", ...evil }))
        .status,
    ).toBe(403);
    expect(
      (await call(admin, `/api/notifications/destinations/${created.body.id}/secret`, { method: "POST", ...evil }))
        .status,
    ).toBe(403);
    expect((await call(admin, "/api/notifications/destinations", { ...evil })).status).toBe(403);
    const plain = await call(admin, "/api/notifications/destinations", {
      method: "POST",
      body: JSON.stringify(WEBHOOK()),
      type: "text/plain",
    });
    expect(plain.status).toBe(415);
    expect((await destinationsOf(admin)).map((d) => d.secret)).toEqual([created.body.secret]);
    expect(await getDb().notificationDelivery.count({ where: { tenantId: admin.tenantId } })).toBe(0);
  });

  it("Send test answers 202, hands the delivery to Inngest, and DeliverNotification delivers it through /api/inngest", async () => {
    const admin = await createActor("admin");
    const created = await call(admin, "/api/notifications/destinations", { method: "POST", body: WEBHOOK() });
    const sent = await call(admin, `/api/notifications/destinations/${created.body.id}/test`, { method: "POST" });
    expect(sent.status).toBe(202);
    const deliveryId = sent.body.delivery_id as string;
    let event: { name: string; data: { deliveryId: string; tenantId: string; attempt: number } } | undefined;
    await eventually(() => {
      event = inngestSink().events.find(
        (e) => e.name === NOTIFICATION_EVENT && (e.data as { deliveryId?: string }).deliveryId === deliveryId,
      ) as typeof event;
      expect(event).toBeDefined();
    });
    expect(event!.data).toEqual({ deliveryId, tenantId: admin.tenantId.toString(), attempt: 1 });
    const run = await driveFunction(`${server.url}/api/inngest`, "allegro-deliver-notification", {
      name: NOTIFICATION_EVENT,
      data: event!.data,
    });
    expect(run.result).toEqual({ outcome: "delivered", statusCode: 200 });
    expect(receiver.hits.filter((h) => h.headers["webhook-id"] === deliveryId)).toHaveLength(1);
    const log = await call(admin, `/api/notifications/destinations/${created.body.id}/deliveries`);
    expect(log.body).toEqual({
      deliveries: [
        {
          id: expect.any(String),
          type: "test",
          attempted_at: expect.any(String),
          status_code: 200,
          duration_ms: expect.any(Number),
          delivery_status: "delivered",
        },
      ],
    });
  });
});
