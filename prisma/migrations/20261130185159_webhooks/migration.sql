-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('pending', 'delivered', 'failed');

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "publicationId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "secret" TEXT NOT NULL,
    "events" TEXT[],
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMP(3),
    "failingSince" TIMESTAMP(3),
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "pausedUntil" TIMESTAMP(3),

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "endpointId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastAttemptAt" TIMESTAMP(3),
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookEndpoint_publicationId_idx" ON "WebhookEndpoint"("publicationId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_createdAt_idx" ON "WebhookDelivery"("endpointId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- From prisma/constraints.sql
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_url_check" CHECK ("url" ~ '^https?://' AND length("url") <= 2000);
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_secret_check" CHECK ("secret" ~ '^whsec_[A-Za-z0-9+/]{43}=$');
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_events_check" CHECK (cardinality("events") BETWEEN 1 AND 20);
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_description_check" CHECK (length("description") <= 200);
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_attempts_check" CHECK ("attempts" >= 0);
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_delivered_has_time_check" CHECK ("status" <> 'delivered' OR "deliveredAt" IS NOT NULL);
CREATE FUNCTION "enqueue_subscriber_webhooks"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "WebhookDelivery" ("endpointId", "event", "payload", "nextAttemptAt", "createdAt")
  SELECT e."id", ev."event",
    jsonb_build_object(''id'', s."id", ''email'', s."email", ''name'', s."name", ''status'', c."toStatus", ''previousStatus'', c."fromStatus",
      ''source'', s."source", ''at'', to_char(c."at", ''YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'')),
    now() AT TIME ZONE ''UTC'', now() AT TIME ZONE ''UTC''
  FROM "logged" c
  JOIN "WebhookEndpoint" e ON e."publicationId" = c."publicationId" AND e."disabledAt" IS NULL
  JOIN "Subscriber" s ON s."id" = c."subscriberId"
  CROSS JOIN LATERAL (VALUES
    (''subscriber.created'', c."fromStatus" IS NULL),
    (''subscriber.subscribed'', c."toStatus" = ''active''),
    (''subscriber.unsubscribed'', c."fromStatus" IS NOT NULL AND c."toStatus" = ''unsubscribed''),
    (''subscriber.bounced'', c."fromStatus" IS NOT NULL AND c."toStatus" = ''bounced''),
    (''subscriber.complained'', c."fromStatus" IS NOT NULL AND c."toStatus" = ''complained'')
  ) AS ev("event", "happened")
  WHERE ev."happened" AND ev."event" = ANY (e."events")\073
  RETURN NULL\073
END';
CREATE TRIGGER "SubscriberStatusChange_webhooks" AFTER INSERT ON "SubscriberStatusChange" REFERENCING NEW TABLE AS "logged" FOR EACH STATEMENT EXECUTE FUNCTION "enqueue_subscriber_webhooks"();
