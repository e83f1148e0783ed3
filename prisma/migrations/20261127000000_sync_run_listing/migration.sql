-- CreateTable
CREATE TABLE "sync_run_listing" (
    "run_id" BIGINT NOT NULL,
    "path" TEXT NOT NULL,
    "sha" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "needs_fetch" BOOLEAN NOT NULL,

    CONSTRAINT "sync_run_listing_pkey" PRIMARY KEY ("run_id","path")
);

-- AddForeignKey
ALTER TABLE "sync_run_listing" ADD CONSTRAINT "sync_run_listing_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "sync_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
