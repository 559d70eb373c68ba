-- CreateTable
CREATE TABLE "SubscriberStatusChange" (
    "id" BIGSERIAL NOT NULL,
    "publicationId" TEXT NOT NULL,
    "subscriberId" TEXT NOT NULL,
    "fromStatus" "SubscriberStatus",
    "toStatus" "SubscriberStatus" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubscriberStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SubscriberStatusChange_publicationId_at_idx" ON "SubscriberStatusChange"("publicationId", "at");

-- CreateIndex
CREATE INDEX "SubscriberStatusChange_subscriberId_idx" ON "SubscriberStatusChange"("subscriberId");

-- AddForeignKey
ALTER TABLE "SubscriberStatusChange" ADD CONSTRAINT "SubscriberStatusChange_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- From prisma/constraints.sql
CREATE FUNCTION "record_subscriber_arrivals"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "SubscriberStatusChange" ("publicationId", "subscriberId", "fromStatus", "toStatus", "at")
  SELECT "publicationId", "id", NULL, "status", "createdAt" FROM "arrived"\073
  RETURN NULL\073
END';
CREATE FUNCTION "record_subscriber_status_changes"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "SubscriberStatusChange" ("publicationId", "subscriberId", "fromStatus", "toStatus", "at")
  SELECT "after"."publicationId", "after"."id", "before"."status", "after"."status", now() AT TIME ZONE ''UTC''
  FROM "after" JOIN "before" ON "before"."id" = "after"."id"
  WHERE "after"."status" IS DISTINCT FROM "before"."status"\073
  RETURN NULL\073
END';
CREATE TRIGGER "Subscriber_arrivals" AFTER INSERT ON "Subscriber" REFERENCING NEW TABLE AS "arrived" FOR EACH STATEMENT EXECUTE FUNCTION "record_subscriber_arrivals"();
CREATE TRIGGER "Subscriber_status_changes" AFTER UPDATE ON "Subscriber" REFERENCING OLD TABLE AS "before" NEW TABLE AS "after" FOR EACH STATEMENT EXECUTE FUNCTION "record_subscriber_status_changes"();

-- Backfill: subscribers from before this migration arrive, in the status they have now, when they were added.
INSERT INTO "SubscriberStatusChange" ("publicationId", "subscriberId", "fromStatus", "toStatus", "at")
SELECT "publicationId", "id", NULL, "status", "createdAt" FROM "Subscriber";
