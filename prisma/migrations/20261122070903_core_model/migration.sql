-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('owner', 'editor', 'author', 'viewer');

-- CreateEnum
CREATE TYPE "IssueStatus" AS ENUM ('draft', 'scheduled', 'sending', 'sent', 'partially_failed', 'canceled');

-- CreateEnum
CREATE TYPE "SubscriberStatus" AS ENUM ('pending', 'active', 'unsubscribed', 'bounced', 'complained');

-- CreateTable
CREATE TABLE "Publication" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "siteUrl" TEXT NOT NULL,
    "senderName" TEXT NOT NULL,
    "senderEmail" TEXT NOT NULL,
    "replyTo" TEXT,
    "postalAddress" TEXT NOT NULL DEFAULT '',
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "defaultSendWeekday" INTEGER NOT NULL DEFAULT 1,
    "defaultSendTime" TEXT NOT NULL DEFAULT '08:00',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Publication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "role" "UserRole" NOT NULL DEFAULT 'viewer',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Issue" (
    "id" TEXT NOT NULL,
    "publicationId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "preheader" TEXT NOT NULL DEFAULT '',
    "status" "IssueStatus" NOT NULL DEFAULT 'draft',
    "scheduledAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Issue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Block" (
    "id" TEXT NOT NULL,
    "issueId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Block_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Subscriber" (
    "id" TEXT NOT NULL,
    "publicationId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "status" "SubscriberStatus" NOT NULL DEFAULT 'pending',
    "source" TEXT NOT NULL DEFAULT 'manual',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Subscriber_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Issue_publicationId_status_number_idx" ON "Issue"("publicationId", "status", "number" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Issue_publicationId_number_key" ON "Issue"("publicationId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Block_issueId_position_key" ON "Block"("issueId", "position");

-- CreateIndex
CREATE INDEX "Subscriber_publicationId_status_idx" ON "Subscriber"("publicationId", "status");

-- AddForeignKey
ALTER TABLE "Issue" ADD CONSTRAINT "Issue_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Block" ADD CONSTRAINT "Block_issueId_fkey" FOREIGN KEY ("issueId") REFERENCES "Issue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscriber" ADD CONSTRAINT "Subscriber_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- From prisma/constraints.sql
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_defaultSendWeekday_check" CHECK ("defaultSendWeekday" BETWEEN 0 AND 6);
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_defaultSendTime_check" CHECK ("defaultSendTime" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_senderEmail_check" CHECK ("senderEmail" ~ '^[^@\s]+@[^@\s]+$');
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_name_check" CHECK (length(btrim("name")) > 0);
ALTER TABLE "User" ADD CONSTRAINT "User_email_check" CHECK ("email" = lower(btrim("email")) AND "email" ~ '^[^@\s]+@[^@\s]+$');
ALTER TABLE "Issue" ADD CONSTRAINT "Issue_number_check" CHECK ("number" > 0);
ALTER TABLE "Issue" ADD CONSTRAINT "Issue_version_check" CHECK ("version" > 0);
ALTER TABLE "Issue" ADD CONSTRAINT "Issue_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") <= 120);
ALTER TABLE "Issue" ADD CONSTRAINT "Issue_scheduled_has_time_check" CHECK ("status" <> 'scheduled' OR "scheduledAt" IS NOT NULL);
ALTER TABLE "Issue" ADD CONSTRAINT "Issue_sent_has_time_check" CHECK ("status" NOT IN ('sent', 'partially_failed') OR "sentAt" IS NOT NULL);
ALTER TABLE "Block" ADD CONSTRAINT "Block_position_check" CHECK ("position" >= 0);
ALTER TABLE "Block" ADD CONSTRAINT "Block_type_check" CHECK ("type" ~ '^[a-zA-Z][a-zA-Z0-9]*$');
ALTER TABLE "Block" ADD CONSTRAINT "Block_data_check" CHECK (jsonb_typeof("data") = 'object');
ALTER TABLE "Subscriber" ADD CONSTRAINT "Subscriber_email_check" CHECK ("email" = btrim("email") AND "email" ~ '^[^@\s]+@[^@\s]+$' AND length("email") <= 320);
CREATE UNIQUE INDEX "Subscriber_publicationId_email_ci_key" ON "Subscriber" ("publicationId", lower("email"));
