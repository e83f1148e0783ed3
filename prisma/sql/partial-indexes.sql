-- Indexes Prisma's schema language cannot express (partial indexes). Each is
-- created by a migration; tests/db/migrations.test.ts applies this file after
-- the schema's own diff, so the migrations and schema + this file must agree.

-- One live, linked GitHub connection per organization.
CREATE UNIQUE INDEX "github_app_installations_live_tenant_key" ON "github_app_installations"("tenant_id") WHERE "deleted_at" IS NULL AND "tenant_id" IS NOT NULL;
