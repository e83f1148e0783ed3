-- AlterTable
ALTER TABLE "github_app_installations" ADD COLUMN     "delete_confirmed_hash" TEXT,
ADD COLUMN     "held_sync_hash" TEXT;

-- AlterTable
ALTER TABLE "sync_runs" ADD COLUMN     "held_plan" JSONB;
