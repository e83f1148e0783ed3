-- CreateTable
CREATE TABLE "template_texts" (
    "sha256" BYTEA NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_texts_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "template_versions" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "template_id" BIGINT NOT NULL,
    "source" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "text_sha256" BYTEA NOT NULL,
    "path" TEXT,
    "blob_sha" TEXT,
    "commit_sha" TEXT,
    "commit_message" TEXT,
    "commit_author" TEXT,
    "repository_url" TEXT,
    "user_id" BIGINT,
    "restored_from_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "template_versions_template_id_id_idx" ON "template_versions"("template_id", "id");

-- CreateIndex
CREATE INDEX "template_versions_user_id_idx" ON "template_versions"("user_id");

-- AddForeignKey
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "templates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_text_sha256_fkey" FOREIGN KEY ("text_sha256") REFERENCES "template_texts"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Backfill: every template that exists now gets one version, the template as it is now, so that
-- every template has a history, which begins here (event "recorded")
INSERT INTO "template_texts" ("sha256", "text")
SELECT DISTINCT ON (s.hash) s.hash, s.body
FROM (
    SELECT sha256(convert_to(COALESCE("source_text", "content"::text), 'UTF8')) AS hash,
           COALESCE("source_text", "content"::text) AS body
    FROM "templates"
) s
ON CONFLICT DO NOTHING;

INSERT INTO "template_versions" ("tenant_id", "template_id", "source", "event", "text_sha256", "path", "blob_sha", "created_at")
SELECT "tenant_id", "id", CASE WHEN "sync_source" IS NULL THEN 'allegro' ELSE 'github' END, 'recorded',
       sha256(convert_to(COALESCE("source_text", "content"::text), 'UTF8')), "sync_source", "sync_sha", "updated_at"
FROM "templates"
ORDER BY "updated_at", "id";
