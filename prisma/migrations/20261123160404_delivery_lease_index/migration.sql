-- From prisma/constraints.sql
CREATE INDEX "Delivery_sending_lease_idx" ON "Delivery" ("leaseExpiresAt") WHERE "status" = 'sending';
