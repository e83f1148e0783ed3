-- CreateTable
CREATE TABLE "sync_file_problems" (
    "tenant_id" BIGINT NOT NULL,
    "path" TEXT NOT NULL,
    "sha" TEXT NOT NULL,
    "problem" JSONB NOT NULL,

    CONSTRAINT "sync_file_problems_pkey" PRIMARY KEY ("tenant_id","path")
);

-- AddForeignKey
ALTER TABLE "sync_file_problems" ADD CONSTRAINT "sync_file_problems_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
