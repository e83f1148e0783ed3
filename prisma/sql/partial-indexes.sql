-- Indexes Prisma's schema language cannot express (partial and expression indexes). Each is
-- created by a migration; tests/db/migrations.test.ts applies this file after
-- the schema's own diff, so the migrations and schema + this file must agree.

-- One live, linked GitHub connection per organization.
CREATE UNIQUE INDEX "github_app_installations_live_tenant_key" ON "github_app_installations"("tenant_id") WHERE "deleted_at" IS NULL AND "tenant_id" IS NOT NULL;

-- One pending sync request per organization: a burst of pushes merges into one row (lib/sync/outbox.ts).
CREATE UNIQUE INDEX "sync_outbox_pending_sync_key" ON "sync_outbox"("tenant_id") WHERE "sent_at" IS NULL AND "failed_at" IS NULL AND "kind" = 'sync' AND "reason" IN ('push', 'connect', 'reconcile');

-- Unfinished runs: reconcile skips organizations with one, the watchdog closes queued ones.
CREATE INDEX "sync_runs_unfinished_idx" ON "sync_runs"("tenant_id", "created_at") WHERE "status" IN ('queued', 'running');

-- An expression index: the watchdog joins a Sync Now run to its outbox row by request->>'syncRunId'.
CREATE INDEX "sync_outbox_sync_run_id_idx" ON "sync_outbox"((("request" ->> 'syncRunId')));

-- The templates list's keyset order over live templates (lib/templates/list.ts): the page and its count.
CREATE INDEX "templates_live_list_idx" ON "templates"("tenant_id", "name", "id") WHERE "deleted_at" IS NULL;

-- The versions a user wrote (their names on the history; deleting a user sets these to null). Sync versions have none.
CREATE INDEX "template_versions_user_id_idx" ON "template_versions"("user_id") WHERE "user_id" IS NOT NULL;
