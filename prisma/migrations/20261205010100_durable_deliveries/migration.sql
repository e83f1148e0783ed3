-- AlterTable
ALTER TABLE "webhook_deliveries" ADD COLUMN     "payload" JSONB;

-- AlterTable
ALTER TABLE "sync_outbox" ALTER COLUMN "tenant_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "webhook_recovery_checkpoints" (
    "id" TEXT NOT NULL,
    "checkpoint" TIMESTAMPTZ(3) NOT NULL,
    "last_run" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_recovery_checkpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_redeliveries" (
    "guid" TEXT NOT NULL,
    "github_delivery_id" BIGINT NOT NULL,
    "event" TEXT NOT NULL,
    "action" TEXT,
    "installation_id" BIGINT,
    "status_code" INTEGER NOT NULL,
    "delivered_at" TIMESTAMPTZ(3) NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 1,
    "result" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_redeliveries_pkey" PRIMARY KEY ("guid")
);

-- CreateIndex
CREATE INDEX "webhook_redeliveries_requested_at_idx" ON "webhook_redeliveries"("requested_at");

