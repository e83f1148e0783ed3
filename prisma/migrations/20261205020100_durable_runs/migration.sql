-- Durable runs: templates keep where they came from across a disconnect, runs record
-- when they applied and when they last made progress (the watchdog), and the outbox
-- marks rows it cannot send and merges pending sync requests (one per organization).
ALTER TABLE "templates" ADD COLUMN "detached_repository_id" BIGINT,
ADD COLUMN "detached_source" TEXT;

ALTER TABLE "sync_runs" ADD COLUMN "applied_at" TIMESTAMPTZ(3),
ADD COLUMN "progress_at" TIMESTAMPTZ(3);

ALTER TABLE "sync_outbox" ADD COLUMN "failed_at" TIMESTAMPTZ(3),
ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 0;

-- Before the index below: merge the pending sync requests each organization already has into its newest one.
DELETE FROM "sync_outbox" o
WHERE o."sent_at" IS NULL AND o."kind" = 'sync' AND o."reason" IN ('push', 'connect', 'reconcile')
  AND EXISTS (
    SELECT 1 FROM "sync_outbox" n
    WHERE n."tenant_id" = o."tenant_id" AND n."sent_at" IS NULL AND n."kind" = 'sync'
      AND n."reason" IN ('push', 'connect', 'reconcile') AND n."id" > o."id");

-- One pending sync request per organization (Sync Now and Apply anyway rows carry their own run and stay apart).
CREATE UNIQUE INDEX "sync_outbox_pending_sync_key" ON "sync_outbox"("tenant_id") WHERE "sent_at" IS NULL AND "failed_at" IS NULL AND "kind" = 'sync' AND "reason" IN ('push', 'connect', 'reconcile');
