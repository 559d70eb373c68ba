-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN     "markedSuppressedRows" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "markedUnsubscribedRows" INTEGER NOT NULL DEFAULT 0;
