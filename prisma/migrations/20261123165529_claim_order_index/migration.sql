-- DropIndex
DROP INDEX "Delivery_issueId_status_idx";

-- CreateIndex
CREATE INDEX "Delivery_issueId_status_id_idx" ON "Delivery"("issueId", "status", "id");
