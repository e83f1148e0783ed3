-- Versions written by a sync have no user: a partial index keeps their entries out, so a sync of
-- 10,000 files writes no index entry for it. It still serves deleting a user (user_id = …).
-- See prisma/sql/partial-indexes.sql.
DROP INDEX "template_versions_user_id_idx";

CREATE INDEX "template_versions_user_id_idx" ON "template_versions"("user_id") WHERE "user_id" IS NOT NULL;
