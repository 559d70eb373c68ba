-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "disabledAutomatically" BOOLEAN NOT NULL DEFAULT false;
