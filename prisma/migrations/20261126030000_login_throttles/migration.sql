-- DropTable
DROP TABLE "login_attempts";

-- CreateTable
CREATE TABLE "login_throttles" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "window_started_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "login_throttles_pkey" PRIMARY KEY ("scope","key")
);

