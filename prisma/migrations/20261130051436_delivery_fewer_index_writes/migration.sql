-- DropIndex
DROP INDEX "Delivery_batchKey_idx";

-- DropIndex
DROP INDEX "Delivery_providerMessageId_idx";

-- From prisma/constraints.sql
CREATE INDEX "Delivery_providerMessageId_idx" ON "Delivery" ("providerMessageId") WHERE "providerMessageId" IS NOT NULL;
