-- CreateTable
CREATE TABLE "IssueEngagement" (
    "issueId" TEXT NOT NULL,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "opened" INTEGER NOT NULL DEFAULT 0,
    "clicked" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "IssueEngagement_pkey" PRIMARY KEY ("issueId")
);

-- AddForeignKey
ALTER TABLE "IssueEngagement" ADD CONSTRAINT "IssueEngagement_issueId_fkey" FOREIGN KEY ("issueId") REFERENCES "Issue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: each issue's readers with at least one event of each kind, as the report counts them.
INSERT INTO "IssueEngagement" ("issueId", "delivered", "opened", "clicked")
SELECT "issueId",
       count(DISTINCT "deliveryId") FILTER (WHERE "type" = 'delivered'),
       count(DISTINCT "deliveryId") FILTER (WHERE "type" = 'opened'),
       count(DISTINCT "deliveryId") FILTER (WHERE "type" = 'clicked')
FROM "DeliveryEvent"
WHERE "issueId" IS NOT NULL AND "deliveryId" IS NOT NULL AND "type" IN ('delivered', 'opened', 'clicked')
GROUP BY "issueId";
