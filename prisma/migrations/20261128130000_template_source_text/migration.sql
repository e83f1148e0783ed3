-- AlterTable
ALTER TABLE "sync_run_files" ADD COLUMN     "source_text" TEXT;

-- AlterTable
ALTER TABLE "templates" ADD COLUMN     "source_text" TEXT;
