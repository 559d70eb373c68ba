-- AlterTable
ALTER TABLE "DeliveryEvent" ADD COLUMN     "issueId" TEXT;

-- Events recorded before: their issue, from their delivery.
UPDATE "DeliveryEvent" e SET "issueId" = d."issueId" FROM "Delivery" d WHERE d."id" = e."deliveryId";

-- CreateIndex
CREATE INDEX "DeliveryEvent_issueId_type_deliveryId_idx" ON "DeliveryEvent"("issueId", "type", "deliveryId");

-- AddForeignKey
ALTER TABLE "DeliveryEvent" ADD CONSTRAINT "DeliveryEvent_issueId_fkey" FOREIGN KEY ("issueId") REFERENCES "Issue"("id") ON DELETE CASCADE ON UPDATE CASCADE;
