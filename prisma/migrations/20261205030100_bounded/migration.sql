-- AlterTable
ALTER TABLE "github_app_installations" ADD COLUMN     "account_avatar_url" TEXT,
ADD COLUMN     "account_checked_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_sync_error_count" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "sync_runs" ADD COLUMN     "error_count" INTEGER NOT NULL DEFAULT 0;

-- Existing rows kept every error, so their count is the length of what they kept.
UPDATE "sync_runs" SET "error_count" = jsonb_array_length("errors") WHERE jsonb_typeof("errors") = 'array';
UPDATE "github_app_installations" SET "last_sync_error_count" = jsonb_array_length("last_sync_errors") WHERE jsonb_typeof("last_sync_errors") = 'array';

-- CreateIndex
CREATE INDEX "templates_tenant_id_name_id_idx" ON "templates"("tenant_id", "name", "id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_installation_id_received_at_idx" ON "webhook_deliveries"("installation_id", "received_at");

-- CreateIndex
CREATE INDEX "sync_runs_tenant_id_id_idx" ON "sync_runs"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "sync_outbox_created_at_idx" ON "sync_outbox"("created_at");

-- Unfinished runs (reconcile and the watchdog), see prisma/sql/partial-indexes.sql.
CREATE INDEX "sync_runs_unfinished_idx" ON "sync_runs"("tenant_id", "created_at") WHERE "status" IN ('queued', 'running');

-- The watchdog joins a Sync Now run to its outbox row by the run id inside the request.
CREATE INDEX "sync_outbox_sync_run_id_idx" ON "sync_outbox"((("request" ->> 'syncRunId')));
