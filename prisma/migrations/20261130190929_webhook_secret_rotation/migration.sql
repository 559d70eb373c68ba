-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "previousSecret" TEXT,
ADD COLUMN     "previousSecretUntil" TIMESTAMP(3);

-- From prisma/constraints.sql
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_previousSecret_check" CHECK (("previousSecret" IS NULL) = ("previousSecretUntil" IS NULL) AND ("previousSecret" IS NULL OR "previousSecret" ~ '^whsec_[A-Za-z0-9+/]{43}=$'));
