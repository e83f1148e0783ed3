-- CreateTable
CREATE TABLE "github_app_credentials" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "app_id" BIGINT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner_login" TEXT,
    "html_url" TEXT,
    "client_id" TEXT NOT NULL,
    "client_secret_enc" TEXT NOT NULL,
    "webhook_secret_enc" TEXT NOT NULL,
    "private_key_enc" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "github_app_credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "github_setup_states" (
    "nonce" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "github_setup_states_pkey" PRIMARY KEY ("nonce")
);

-- CreateTable
CREATE TABLE "setup_codes" (
    "code_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "setup_codes_pkey" PRIMARY KEY ("code_hash")
);

-- CreateTable
CREATE TABLE "setup_check_reports" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,
    "results" JSONB NOT NULL,

    CONSTRAINT "setup_check_reports_pkey" PRIMARY KEY ("id")
);

