-- The templates list and its count read live templates only: a partial index on the list's keyset
-- order lets both skip deleted rows, and lets the count be an index-only scan.
-- See prisma/sql/partial-indexes.sql.
DROP INDEX "templates_tenant_id_name_id_idx";

CREATE INDEX "templates_live_list_idx" ON "templates"("tenant_id", "name", "id") WHERE "deleted_at" IS NULL;
