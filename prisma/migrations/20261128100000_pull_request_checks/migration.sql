-- AlterTable
ALTER TABLE "github_app_installations" ADD COLUMN     "account_type" TEXT,
ADD COLUMN     "permissions" JSONB;

-- AlterTable
ALTER TABLE "sync_outbox" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'sync';
