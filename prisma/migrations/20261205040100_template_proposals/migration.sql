-- CreateTable
CREATE TABLE "template_proposals" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "installation_id" BIGINT NOT NULL,
    "repository_id" BIGINT NOT NULL,
    "repository" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "branch" TEXT NOT NULL,
    "base_branch" TEXT NOT NULL,
    "start_sha" TEXT NOT NULL,
    "head_sha" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "state_at" TIMESTAMPTZ(3),
    "merge_commit_sha" TEXT,
    "check_status" TEXT,
    "check_conclusion" TEXT,
    "check_sha" TEXT,
    "created_by_user_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "template_proposals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "template_proposal_changes" (
    "id" BIGSERIAL NOT NULL,
    "proposal_id" BIGINT NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "template_id" BIGINT,
    "path" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "text" TEXT,
    "blob_sha" TEXT,
    "commit_sha" TEXT NOT NULL,
    "created_by_user_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_proposal_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proposal_settings" (
    "tenant_id" BIGINT NOT NULL,
    "branch_pattern" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "proposal_settings_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateIndex
CREATE INDEX "template_proposals_tenant_id_state_idx" ON "template_proposals"("tenant_id", "state");

-- CreateIndex
CREATE UNIQUE INDEX "template_proposals_repository_id_number_key" ON "template_proposals"("repository_id", "number");

-- CreateIndex
CREATE INDEX "template_proposal_changes_proposal_id_idx" ON "template_proposal_changes"("proposal_id");

-- CreateIndex
CREATE INDEX "template_proposal_changes_tenant_id_template_id_idx" ON "template_proposal_changes"("tenant_id", "template_id");

-- AddForeignKey
ALTER TABLE "template_proposal_changes" ADD CONSTRAINT "template_proposal_changes_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "template_proposals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

