import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { loadSettingsPage } from "@/lib/github-sync/settings-page";
import { DELIVERY_RECEIVED_EVENT } from "@/lib/github-sync/webhooks/delivery-request";
import { createLogger, type Logger } from "@/lib/observability/logger";
import { relayOutbox } from "@/lib/sync/outbox";
import { appOrigin, sessionCookie } from "../helpers/session";
import { connectedTenant, runSync, startSyncWorld, type SyncWorld } from "../helpers/sync-world";
import { driveFunction } from "../../tools/inngest-local/serve-driver";

/** An exception naming an internal host and port, as a driver or the network would word it. */
const INTERNAL = "10.20.30.40:5432";
const exception = `connect ECONNREFUSED ${INTERNAL}`;

let world: SyncWorld;
const lines: string[] = [];
const holder = globalThis as unknown as { __allegroLogger?: Logger };
let previousLogger: Logger | undefined;

beforeAll(async () => {
  world = await startSyncWorld();
  // The process's logger, writing into `lines`: the exception must be there and only there.
  previousLogger = holder.__allegroLogger;
  holder.__allegroLogger = createLogger({
    logLevel: "info",
    logFormat: "json",
    secrets: [],
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
});
afterAll(async () => {
  holder.__allegroLogger = previousLogger;
  await world.stop();
});

const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v));

async function settingsText(t: Awaited<ReturnType<typeof connectedTenant>>) {
  const cookie = await sessionCookie(t.actor);
  const history = await fetch(`${world.routes.url}/api/github-sync/runs`, { headers: { cookie, origin: appOrigin() } });
  expect(history.status).toBe(200);
  return { history: await history.text(), page: json(await loadSettingsPage(t.actor)) };
}

describe("messages shown to admins are a code and a sentence; the exception stays in the server log", () => {
  it("a run that failed with an exception naming an internal host", async () => {
    const t = await connectedTenant(world, { "a.json": '{"name":"A"}' });
    await runSync(world, t.request("connect"));
    const inngestRunId = `01${randomUUID().replace(/-/g, "").slice(0, 20).toUpperCase()}`;
    const run = await getDb().syncRun.create({
      data: {
        tenantId: t.actor.tenantId,
        installationId: BigInt(t.installation!.id),
        reason: "push",
        status: "running",
        inngestRunId,
      },
    });
    const result = await driveFunction(`${world.routes.url}/api/inngest`, "allegro-sync-github-templates-failure", {
      name: "inngest/function.failed",
      data: {
        function_id: "allegro-sync-github-templates",
        run_id: inngestRunId,
        error: { name: "Error", message: exception },
        event: { name: "github/templates.sync.requested", data: t.request("push") },
      },
    });
    expect(result.status).toBe("completed");
    const row = await getDb().syncRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(row).toMatchObject({ status: "failed", error: expect.stringMatching(/^sync_failed: The sync failed/) });

    const { history, page } = await settingsText(t);
    expect(history).toContain("sync_failed");
    expect(page).toContain("sync_failed");
    expect(history).not.toContain(INTERNAL);
    expect(page).not.toContain(INTERNAL);
    expect(lines.some((line) => line.includes(INTERNAL) && line.includes(inngestRunId))).toBe(true);
  });

  it("a webhook delivery whose job gave up", async () => {
    const t = await connectedTenant(world, { "a.json": '{"name":"A"}' });
    const deliveryId = randomUUID();
    await getDb().webhookDelivery.create({
      data: {
        id: deliveryId,
        event: "installation",
        action: "suspend",
        installationId: BigInt(t.installation!.id),
        outcome: "queued",
      },
    });
    const result = await driveFunction(`${world.routes.url}/api/inngest`, "allegro-process-github-delivery-failure", {
      name: "inngest/function.failed",
      data: {
        function_id: "allegro-process-github-delivery",
        run_id: "01DELIVERYRUN",
        error: { name: "Error", message: exception },
        event: { name: DELIVERY_RECEIVED_EVENT, data: { deliveryId } },
      },
    });
    expect(result.status).toBe("completed");
    const { deliveries } = await loadSettingsPage(t.actor);
    expect(deliveries.find((d) => d.id === deliveryId)).toMatchObject({
      outcome: "failed",
      reason: expect.stringMatching(/^delivery_failed: Processing this delivery failed/),
    });
    const { page } = await settingsText(t);
    expect(page).not.toContain(INTERNAL);
    expect(lines.some((line) => line.includes(INTERNAL) && line.includes(deliveryId))).toBe(true);
  });

  it("a sync request the job service refused (the waiting banner)", async () => {
    const t = await connectedTenant(world, { "a.json": '{"name":"A"}' });
    await getDb().syncOutbox.create({
      data: {
        tenantId: t.actor.tenantId,
        installationId: BigInt(t.installation!.id),
        kind: "sync",
        reason: "push",
        request: t.request("push"),
      },
    });
    const before = lines.length;
    const refusing = async () => {
      throw new Error(`fetch failed: ${exception}`);
    };
    expect((await relayOutbox({ db: getDb(), send: refusing, now: () => new Date() })).failed).toBeGreaterThan(0);
    const { settings } = await loadSettingsPage(t.actor);
    expect(settings.waiting).toMatchObject({
      count: 1,
      lastError: expect.stringMatching(/^jobs_unreachable: The background job service/),
    });
    const { page } = await settingsText(t);
    expect(page).not.toContain(INTERNAL);
    expect(lines.slice(before).some((line) => line.includes(INTERNAL))).toBe(true);
  });
});
