-- Rules Prisma's schema language cannot express. Each statement here must also
-- appear in the migration that introduced it; the drift test applies this file
-- on top of schema.prisma and compares the result with the migrations.

-- Publication
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_defaultSendWeekday_check" CHECK ("defaultSendWeekday" BETWEEN 0 AND 6);
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_defaultSendTime_check" CHECK ("defaultSendTime" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_senderEmail_check" CHECK ("senderEmail" ~ '^[^@\s]+@[^@\s]+$');
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_name_check" CHECK (length(btrim("name")) > 0);
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_logoUrl_check" CHECK ("logoUrl" = '' OR "logoUrl" ~ '^https?://');
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_accentColor_check" CHECK ("accentColor" = '' OR "accentColor" ~ '^#[0-9a-f]{6}$');

-- User
ALTER TABLE "User" ADD CONSTRAINT "User_email_check" CHECK ("email" = lower(btrim("email")) AND "email" ~ '^[^@\s]+@[^@\s]+$');

-- Issue
ALTER TABLE "Issue" ADD CONSTRAINT "Issue_number_check" CHECK ("number" > 0);
ALTER TABLE "Issue" ADD CONSTRAINT "Issue_version_check" CHECK ("version" > 0);
ALTER TABLE "Issue" ADD CONSTRAINT "Issue_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") <= 120);
ALTER TABLE "Issue" ADD CONSTRAINT "Issue_scheduled_has_time_check" CHECK ("status" <> 'scheduled' OR "scheduledAt" IS NOT NULL);
ALTER TABLE "Issue" ADD CONSTRAINT "Issue_sent_has_time_check" CHECK ("status" NOT IN ('sent', 'partially_failed') OR "sentAt" IS NOT NULL);

-- Block
ALTER TABLE "Block" ADD CONSTRAINT "Block_position_check" CHECK ("position" >= 0);
ALTER TABLE "Block" ADD CONSTRAINT "Block_type_check" CHECK ("type" ~ '^[a-zA-Z][a-zA-Z0-9]*$');
ALTER TABLE "Block" ADD CONSTRAINT "Block_data_check" CHECK (jsonb_typeof("data") = 'object');

-- Subscriber
ALTER TABLE "Subscriber" ADD CONSTRAINT "Subscriber_email_check" CHECK ("email" = btrim("email") AND "email" ~ '^[^@\s]+@[^@\s]+$' AND length("email") <= 320);
CREATE UNIQUE INDEX "Subscriber_publicationId_email_ci_key" ON "Subscriber" ("publicationId", lower("email"));
-- The subscribers page searches email and name anywhere in the text (ILIKE '%…%'): trigram indexes answer that
-- without reading every row (pg_trgm is a trusted extension: a database owner may create it; PGlite loads it in lib/db/pglite-extensions.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Subscriber_email_trgm_idx" ON "Subscriber" USING GIN ("email" gin_trgm_ops);
CREATE INDEX "Subscriber_name_trgm_idx" ON "Subscriber" USING GIN ("name" gin_trgm_ops);
-- Every arrival and status change of a subscriber, with its time, whichever code made it (SubscriberStatusChange, for
-- the audience's growth). An arrival is dated by "createdAt"; a change by the transaction's time, in UTC as Prisma stores
-- times. Statement triggers with transition tables: an import's upsert of 1,000 rows logs them in one INSERT … SELECT
-- (row triggers cost 18 µs a row on server Postgres, these about 10). The UPDATE trigger cannot name a column (a
-- transition table forbids it), so it compares the statuses itself. `prisma migrate deploy` (through @prisma/adapter-pg)
-- cuts a migration at every semicolon, quoted or not, so the functions' bodies are E'' strings that write them as \073.
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

-- Delivery
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_attempts_check" CHECK ("attempts" >= 0);
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_sending_has_lease_check" CHECK ("status" <> 'sending' OR ("leaseExpiresAt" IS NOT NULL AND "batchKey" IS NOT NULL));
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_sent_has_time_check" CHECK ("status" <> 'sent' OR "sentAt" IS NOT NULL);

-- DeliveryEvent
ALTER TABLE "DeliveryEvent" ADD CONSTRAINT "DeliveryEvent_bounceKind_check" CHECK (("type" = 'bounced') = ("bounceKind" IS NOT NULL) AND ("bounceKind" IS NULL OR "bounceKind" IN ('hard', 'soft')));
ALTER TABLE "DeliveryEvent" ADD CONSTRAINT "DeliveryEvent_click_has_url_check" CHECK ("type" <> 'clicked' OR "url" IS NOT NULL);
-- Every claim first looks for an expired lease; only "sending" rows can have one.
CREATE INDEX "Delivery_sending_lease_idx" ON "Delivery" ("leaseExpiresAt") WHERE "status" = 'sending';
-- Webhooks find a delivery by the provider's id, which only a sent row has: a claim, which leaves it
-- empty, writes no entry here.
CREATE INDEX "Delivery_providerMessageId_idx" ON "Delivery" ("providerMessageId") WHERE "providerMessageId" IS NOT NULL;

-- Editor
ALTER TABLE "RateLimitBucket" ADD CONSTRAINT "RateLimitBucket_count_check" CHECK ("count" > 0);
ALTER TABLE "IssueRevision" ADD CONSTRAINT "IssueRevision_blocks_check" CHECK (jsonb_typeof("blocks") = 'array');
ALTER TABLE "SavedBlock" ADD CONSTRAINT "SavedBlock_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 100);
ALTER TABLE "SavedBlock" ADD CONSTRAINT "SavedBlock_data_check" CHECK (jsonb_typeof("data") = 'object');
ALTER TABLE "IssueTemplate" ADD CONSTRAINT "IssueTemplate_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 100);
ALTER TABLE "IssueTemplate" ADD CONSTRAINT "IssueTemplate_blocks_check" CHECK (jsonb_typeof("blocks") = 'array');

-- Tag
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 60);
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") <= 60);

-- IssueCorrection
ALTER TABLE "IssueCorrection" ADD CONSTRAINT "IssueCorrection_note_check" CHECK (length(btrim("note")) BETWEEN 1 AND 1000);

-- SearchEntry: the text search document (titles weigh more than body text) and its index. Its configuration
-- reads words without their accents, then stems them as English ("Zurich" finds "Zürich"): unaccent is a
-- trusted extension, as pg_trgm is, and PGlite loads it in lib/db/pglite-extensions.ts.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION "weekly_english" (COPY = english);
ALTER TEXT SEARCH CONFIGURATION "weekly_english" ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
ALTER TABLE "SearchEntry" ADD COLUMN "document" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('weekly_english', "title"), 'A') || setweight(to_tsvector('weekly_english', "body"), 'B')) STORED;
-- Without a pending list: a publish's few dozen entries go into the index at once, rather than wait for a
-- VACUUM and, meanwhile, make the planner read every entry instead (migration 20261201072000).
CREATE INDEX "SearchEntry_document_idx" ON "SearchEntry" USING GIN ("document") WITH (fastupdate = off);

-- ImportJob
-- Comma, tab or semicolon, by code: a ';' inside a quoted literal would split the migration script into broken statements.
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_delimiter_check" CHECK (length("delimiter") = 1 AND ascii("delimiter") IN (9, 44, 59));
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_encoding_check" CHECK ("encoding" IN ('utf-8', 'windows-1252'));
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_errors_check" CHECK (jsonb_typeof("errors") = 'array');

-- UnsubscribeReason
ALTER TABLE "UnsubscribeReason" ADD CONSTRAINT "UnsubscribeReason_reason_check" CHECK ("reason" IN ('too_many', 'not_relevant', 'never_signed_up', 'other'));
ALTER TABLE "UnsubscribeReason" ADD CONSTRAINT "UnsubscribeReason_comment_check" CHECK (length("comment") <= 500);

-- ApiKey: only the two roles an integration may act with; the hash is a SHA-256 in hex.
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_role_check" CHECK ("role" IN ('editor', 'viewer'));
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_keyHash_check" CHECK ("keyHash" ~ '^[0-9a-f]{64}$');
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 100);

-- Webhooks: each logged subscriber change becomes the events it is, one WebhookDelivery per enabled endpoint that
-- wants each, in the transaction that made the change (a statement trigger on the log, so an import's chunk of 1,000
-- is one INSERT … SELECT, and with no endpoint a join with an empty table). Arrivals are "created" (and "subscribed"
-- when they arrive active); later changes are named by the new status. Times in UTC, as Prisma stores them.
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_url_check" CHECK ("url" ~ '^https?://' AND length("url") <= 2000);
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_secret_check" CHECK ("secret" ~ '^whsec_[A-Za-z0-9+/]{43}=$');
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_previousSecret_check" CHECK (("previousSecret" IS NULL) = ("previousSecretUntil" IS NULL) AND ("previousSecret" IS NULL OR "previousSecret" ~ '^whsec_[A-Za-z0-9+/]{43}=$'));
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
-- An erasure rewrites the events about its subscriber (lib/audience/manage-subscriber.ts) without reading them all.
CREATE INDEX "WebhookDelivery_subscriber_idx" ON "WebhookDelivery" (("payload"->>'id')) WHERE "event" LIKE 'subscriber.%';
-- Pruning ended deliveries by age (lib/maintenance/prune-expired.ts) reads only them, not the queue. Pending rows are
-- not in this index, so queueing an event costs it nothing; the prune's DELETE spells the same predicate.
CREATE INDEX "WebhookDelivery_ended_idx" ON "WebhookDelivery" ("createdAt") WHERE "status" IN ('delivered', 'failed');
