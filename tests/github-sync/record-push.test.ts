import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { recordPush } from "@/lib/github-sync/webhooks/record-push";
import { decidePush, type Push } from "@/lib/github-sync/webhooks/handlers/push";
import { createTenant, unique } from "../helpers/factories";

/**
 * The push path reads the installation, claims the delivery and queues the sync
 * request in one SQL statement whose rule mirrors decidePush; for every kind of
 * push both must agree (recordPush refuses with an error when they do not).
 */
const db = () => getDb();
const REPO_ID = 9001;

type RowState = Partial<{
  tenant: boolean;
  repository: boolean;
  suspended: boolean;
  broken: boolean;
  deleted: boolean;
}>;

async function installation(state: RowState | null) {
  const installationId = BigInt(randomInt(1, 2 ** 47));
  if (!state) return { installationId, tenantId: null };
  const tenant = state.tenant === false ? null : await createTenant();
  await db().githubAppInstallation.create({
    data: {
      installationId,
      accountLogin: unique("acct"),
      tenantId: tenant?.id ?? null,
      ...(state.repository === false
        ? {}
        : { repository: "acme/templates", repositoryId: BigInt(REPO_ID), defaultBranch: "main", folder: "" }),
      suspendedAt: state.suspended ? new Date() : null,
      brokenReason: state.broken ? "linked repository removed" : null,
      deletedAt: state.deleted ? new Date() : null,
    },
  });
  return { installationId, tenantId: tenant?.id ?? null };
}

function push(installationId: bigint | null, overrides: Partial<Push> = {}): Push {
  return {
    ref: "refs/heads/main",
    after: randomBytes(20).toString("hex"),
    deleted: false,
    repository: { id: REPO_ID, full_name: "acme/templates" },
    ...(installationId === null ? {} : { installation: { id: Number(installationId) } }),
    ...overrides,
  };
}

const deliveryOf = (p: Push) => ({
  id: randomUUID(),
  event: "push",
  action: null,
  installationId: p.installation ? BigInt(p.installation.id) : null,
});

const CASES: [string, RowState | null, Partial<Push>, string][] = [
  ["the synced branch of a syncable connection", {}, {}, "processed: sync requested for"],
  ["another branch", {}, { ref: "refs/heads/feature" }, "ignored: push to refs/heads/feature, not refs/heads/main"],
  ["a tag", {}, { ref: "refs/tags/v1" }, "ignored: push to refs/tags/v1, not refs/heads/main"],
  ["another repository", {}, { repository: { id: 7, full_name: "acme/other" } }, "ignored: push to acme/other"],
  ["the branch deleted", {}, { deleted: true }, "ignored: refs/heads/main was deleted"],
  ["a suspended installation", { suspended: true }, {}, "ignored: installation is suspended"],
  ["a broken connection", { broken: true }, {}, "ignored: connection is broken"],
  ["no repository chosen", { repository: false }, {}, "ignored: no repository chosen yet"],
  ["an installation not linked", { tenant: false }, {}, "ignored: installation is not connected"],
  ["a disconnected installation", { deleted: true }, {}, "ignored: installation is not connected"],
  ["an unknown installation", null, {}, "ignored: installation is not connected"],
];

describe("recordPush: one statement, the same rule as decidePush", () => {
  it.each(CASES)("%s", async (_label, state, overrides, outcome) => {
    const { installationId, tenantId } = await installation(state);
    const p = push(installationId, overrides);
    const delivery = deliveryOf(p);
    const result = await recordPush(db(), delivery, p);
    expect(`${result?.outcome}: ${result?.reason}`.startsWith(outcome)).toBe(true);
    const stored = await db().webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(stored.outcome.startsWith(outcome)).toBe(true);
    expect(stored.processedAt).toBeInstanceOf(Date);
    const queued = await db().syncOutbox.findMany({ where: { installationId } });
    if (outcome.startsWith("processed")) {
      expect(queued).toEqual([
        expect.objectContaining({
          tenantId,
          reason: "push",
          request: {
            tenantId: String(tenantId),
            installationId: String(installationId),
            reason: "push",
            commit: p.after,
          },
        }),
      ]);
      expect(result?.sync).toEqual(queued[0]!.request);
    } else expect(queued).toEqual([]);
  });

  it("a push without an installation is ignored and recorded", async () => {
    const p = push(null);
    const delivery = deliveryOf(p);
    expect(await recordPush(db(), delivery, p)).toMatchObject({ reason: "push without an installation" });
    expect((await db().webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).outcome).toBe(
      "ignored: push without an installation",
    );
  });

  it("a second delivery of the same id is a duplicate and queues nothing more", async () => {
    const { installationId } = await installation({});
    const p = push(installationId);
    const delivery = deliveryOf(p);
    expect(await recordPush(db(), delivery, p)).toMatchObject({ outcome: "processed" });
    expect(await recordPush(db(), delivery, p)).toBeNull();
    expect(await db().syncOutbox.count({ where: { installationId } })).toBe(1);
    expect(await db().webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ attempts: 1 });
  });

  it("a burst is recorded in a few transactions (group commit), each push with its own outcome", async () => {
    const synced = await installation({});
    const suspended = await installation({ suspended: true });
    const pushes = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0
        ? push(suspended.installationId)
        : push(synced.installationId, i % 3 === 1 ? {} : { ref: `refs/heads/feature-${i}` }),
    );
    const deliveries = pushes.map(deliveryOf);
    // The same delivery twice in the burst (a redelivery racing the first): one is a duplicate.
    const twice = deliveries[1]!;
    const results = await Promise.all([
      ...pushes.map((p, i) => recordPush(db(), deliveries[i]!, p)),
      recordPush(db(), twice, pushes[1]!),
    ]);

    pushes.forEach((p, i) => {
      if (i === 1) return;
      const expected =
        i % 3 === 0 ? "installation is suspended" : i % 3 === 1 ? "sync requested" : "not refs/heads/main";
      expect(results[i]?.reason).toContain(expected);
    });
    expect([results[1], results[60]].filter((r) => r === null)).toHaveLength(1);
    expect([results[1], results[60]].find((r) => r !== null)).toMatchObject({ outcome: "processed" });

    // One pending sync request per organization: the burst's wanted pushes merged into one row.
    const outbox = await db().syncOutbox.findMany({ where: { installationId: synced.installationId } });
    expect(outbox).toHaveLength(1);
    expect(pushes.filter((_, i) => i % 3 === 1).map((p) => p.after)).toContain(
      (outbox[0]!.request as { commit: string }).commit,
    );
    expect(outbox[0]).toMatchObject({ sentAt: null, reason: "push" });
    expect(await db().syncOutbox.count({ where: { installationId: suspended.installationId } })).toBe(0);
    const ids = deliveries.map((d) => d.id);
    const stored = await db().webhookDelivery.findMany({ where: { id: { in: ids } } });
    expect(stored).toHaveLength(60);
    expect(stored.every((d) => d.attempts === 1 && d.processedAt !== null)).toBe(true);
    // Rows written by one statement share its transaction id.
    const [counted] = await db().$queryRaw<{ transactions: number }[]>`
      SELECT count(DISTINCT xmin::text)::int AS transactions FROM sync_outbox WHERE installation_id = ${synced.installationId}`;
    expect(counted?.transactions).toBeLessThan(10);
  });

  it("a push the database refuses fails alone: the rest of its burst is recorded", async () => {
    const { installationId } = await installation({});
    const pushes = Array.from({ length: 10 }, () => push(installationId));
    // PostgreSQL text cannot hold U+0000: this push's statement fails.
    pushes[5] = push(installationId, { ref: "refs/heads/main\u0000" });
    const deliveries = pushes.map(deliveryOf);
    const results = await Promise.allSettled(pushes.map((p, i) => recordPush(db(), deliveries[i]!, p)));
    expect(results.map((r) => r.status)).toEqual(pushes.map((_, i) => (i === 5 ? "rejected" : "fulfilled")));
    expect(await db().syncOutbox.count({ where: { installationId } })).toBe(1);
    expect(await db().webhookDelivery.count({ where: { id: { in: deliveries.map((d) => d.id) } } })).toBe(9);
    expect(await db().webhookDelivery.findUnique({ where: { id: deliveries[5]!.id } })).toBeNull();
  });

  it("pushes to one organization merge into its one pending request, the latest push's; a sent one is not touched", async () => {
    const { installationId, tenantId } = await installation({});
    const first = push(installationId);
    await recordPush(db(), deliveryOf(first), first);
    const [row] = await db().syncOutbox.findMany({ where: { installationId } });
    await db().syncOutbox.update({ where: { id: row!.id }, data: { sentAt: new Date() } });

    const later = Array.from({ length: 5 }, () => push(installationId));
    for (const p of later) await recordPush(db(), deliveryOf(p), p);
    const rows = await db().syncOutbox.findMany({ where: { installationId }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: row!.id, request: { commit: first.after }, revision: 0 });
    expect(rows[1]).toMatchObject({
      tenantId,
      sentAt: null,
      reason: "push",
      request: { commit: later.at(-1)!.after },
      revision: 4,
    });
  });

  it("decidePush is the rule the statement mirrors", () => {
    const target = {
      installationId: 5n,
      tenantId: 3n,
      deletedAt: null,
      repository: "acme/templates",
      repositoryId: BigInt(REPO_ID),
      defaultBranch: "main",
      suspendedAt: null,
      brokenReason: null,
    };
    expect(decidePush(push(5n), target)).toMatchObject({ outcome: "processed", sync: { tenantId: "3" } });
    expect(decidePush(push(5n), { ...target, defaultBranch: "release" })).toMatchObject({ outcome: "ignored" });
    expect(decidePush(push(5n), null)).toMatchObject({ outcome: "ignored" });
  });
});
