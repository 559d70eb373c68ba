-- AlterTable
ALTER TABLE "Subscriber" ADD COLUMN     "lastEngagedAt" TIMESTAMP(3);

-- Backfill: each subscriber's latest open or click so far.
UPDATE "Subscriber" AS s SET "lastEngagedAt" = latest."at"
FROM (
  SELECT d."subscriberId", max(e."occurredAt") AS "at"
  FROM "DeliveryEvent" e JOIN "Delivery" d ON d."id" = e."deliveryId"
  WHERE e."type" IN ('opened', 'clicked')
  GROUP BY d."subscriberId"
) AS latest
WHERE s."id" = latest."subscriberId";
