-- CreateTable
CREATE TABLE "UnsubscribeReason" (
    "subscriberId" TEXT NOT NULL,
    "publicationId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "answeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnsubscribeReason_pkey" PRIMARY KEY ("subscriberId")
);

-- CreateIndex
CREATE INDEX "UnsubscribeReason_publicationId_answeredAt_idx" ON "UnsubscribeReason"("publicationId", "answeredAt");

-- AddForeignKey
ALTER TABLE "UnsubscribeReason" ADD CONSTRAINT "UnsubscribeReason_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- From prisma/constraints.sql
ALTER TABLE "UnsubscribeReason" ADD CONSTRAINT "UnsubscribeReason_reason_check" CHECK ("reason" IN ('too_many', 'not_relevant', 'never_signed_up', 'other'));
ALTER TABLE "UnsubscribeReason" ADD CONSTRAINT "UnsubscribeReason_comment_check" CHECK (length("comment") <= 500);
