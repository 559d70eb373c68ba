-- From prisma/constraints.sql
CREATE INDEX "WebhookDelivery_ended_idx" ON "WebhookDelivery" ("createdAt") WHERE "status" IN ('delivered', 'failed');
