-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "ownersNoticeDueAt" TIMESTAMP(3);
