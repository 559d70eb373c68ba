-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "lastFailedAt" TIMESTAMP(3);
