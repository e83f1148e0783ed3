-- AlterTable
ALTER TABLE "github_app_installations" ADD COLUMN     "last_sync_resolved_at" TIMESTAMPTZ(3),
ADD COLUMN     "manual_sync_available_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "sync_runs" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "installation_id" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "commit" TEXT,
    "status" TEXT NOT NULL,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "moved" INTEGER NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "invalid" INTEGER NOT NULL DEFAULT 0,
    "github_requests" INTEGER NOT NULL DEFAULT 0,
    "duration_ms" INTEGER,
    "inngest_run_id" TEXT,
    "error" TEXT,
    "errors" JSONB,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_run_files" (
    "run_id" BIGINT NOT NULL,
    "path" TEXT NOT NULL,
    "sha" TEXT NOT NULL,
    "name" TEXT,
    "description" TEXT,
    "content" JSONB,
    "problem" JSONB,

    CONSTRAINT "sync_run_files_pkey" PRIMARY KEY ("run_id","path")
);

-- CreateIndex
CREATE INDEX "sync_runs_tenant_id_created_at_idx" ON "sync_runs"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "sync_runs_inngest_run_id_idx" ON "sync_runs"("inngest_run_id");

-- AddForeignKey
ALTER TABLE "sync_run_files" ADD CONSTRAINT "sync_run_files_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "sync_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

