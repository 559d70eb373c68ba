-- CreateEnum
CREATE TYPE "DeliveryEventType" AS ENUM ('delivered', 'bounced', 'complained', 'opened', 'clicked');

-- CreateTable
CREATE TABLE "DeliveryEvent" (
    "id" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "deliveryId" TEXT,
    "type" "DeliveryEventType" NOT NULL,
    "url" TEXT,
    "storyId" TEXT,
    "bounceKind" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeliveryEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DeliveryEvent_webhookId_key" ON "DeliveryEvent"("webhookId");

-- CreateIndex
CREATE INDEX "DeliveryEvent_deliveryId_type_idx" ON "DeliveryEvent"("deliveryId", "type");

-- CreateIndex
CREATE INDEX "Delivery_providerMessageId_idx" ON "Delivery"("providerMessageId");

-- AddForeignKey
ALTER TABLE "DeliveryEvent" ADD CONSTRAINT "DeliveryEvent_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- From prisma/constraints.sql
ALTER TABLE "DeliveryEvent" ADD CONSTRAINT "DeliveryEvent_bounceKind_check" CHECK (("type" = 'bounced') = ("bounceKind" IS NOT NULL) AND ("bounceKind" IS NULL OR "bounceKind" IN ('hard', 'soft')));
ALTER TABLE "DeliveryEvent" ADD CONSTRAINT "DeliveryEvent_click_has_url_check" CHECK ("type" <> 'clicked' OR "url" IS NOT NULL);
