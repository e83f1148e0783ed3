-- AlterTable
ALTER TABLE "github_app_installations" ADD COLUMN     "previous_tenant_id" BIGINT;

-- AlterTable
ALTER TABLE "sync_runs" ADD COLUMN     "commit_author" TEXT,
ADD COLUMN     "commit_message" TEXT;
