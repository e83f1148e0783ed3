-- One live, linked GitHub connection per organization (see prisma/sql/partial-indexes.sql).
CREATE UNIQUE INDEX "github_app_installations_live_tenant_key" ON "github_app_installations"("tenant_id") WHERE "deleted_at" IS NULL AND "tenant_id" IS NOT NULL;
