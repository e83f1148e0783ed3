-- AlterTable
ALTER TABLE "sync_run_listing" ADD COLUMN     "previous_path" TEXT;
