-- CreateTable
CREATE TABLE "sync_outbox" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" BIGINT NOT NULL,
    "installation_id" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "sync_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sync_outbox_sent_at_next_attempt_at_idx" ON "sync_outbox"("sent_at", "next_attempt_at");

-- CreateIndex
CREATE INDEX "sync_outbox_tenant_id_sent_at_idx" ON "sync_outbox"("tenant_id", "sent_at");

