-- AlterTable
ALTER TABLE "sync_runs" ADD COLUMN     "github_not_modified" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "branch_head_etags" (
    "installation_id" BIGINT NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "repository" TEXT NOT NULL,
    "branch" TEXT NOT NULL,
    "etag" TEXT NOT NULL,
    "sha" TEXT NOT NULL,
    "tree_sha" TEXT NOT NULL,
    "commit_message" TEXT NOT NULL,
    "commit_author" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "branch_head_etags_pkey" PRIMARY KEY ("installation_id")
);
