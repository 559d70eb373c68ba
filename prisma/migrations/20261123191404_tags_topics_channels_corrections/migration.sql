-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('everywhere', 'web_only', 'email_only');

-- CreateEnum
CREATE TYPE "TagMatch" AS ENUM ('any', 'all');

-- AlterTable
ALTER TABLE "Publication" ADD COLUMN     "welcomeBody" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "welcomeSubject" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Issue" ADD COLUMN     "audienceMatch" "TagMatch" NOT NULL DEFAULT 'any',
ADD COLUMN     "audienceTagIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "channel" "Channel" NOT NULL DEFAULT 'everywhere';

-- AlterTable
ALTER TABLE "Block" ADD COLUMN     "channel" "Channel" NOT NULL DEFAULT 'everywhere',
ADD COLUMN     "topics" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "Tag" (
    "id" TEXT NOT NULL,
    "publicationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "isPublic" BOOLEAN NOT NULL DEFAULT false,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriberTag" (
    "subscriberId" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubscriberTag_pkey" PRIMARY KEY ("subscriberId","tagId")
);

-- CreateTable
CREATE TABLE "IssueTag" (
    "issueId" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,

    CONSTRAINT "IssueTag_pkey" PRIMARY KEY ("issueId","tagId")
);

-- CreateTable
CREATE TABLE "IssueCorrection" (
    "id" TEXT NOT NULL,
    "issueId" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "authorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IssueCorrection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Tag_publicationId_slug_key" ON "Tag"("publicationId", "slug");

-- CreateIndex
CREATE INDEX "SubscriberTag_tagId_subscriberId_idx" ON "SubscriberTag"("tagId", "subscriberId");

-- CreateIndex
CREATE INDEX "IssueTag_tagId_issueId_idx" ON "IssueTag"("tagId", "issueId");

-- CreateIndex
CREATE INDEX "IssueCorrection_issueId_createdAt_idx" ON "IssueCorrection"("issueId", "createdAt");

-- CreateIndex
CREATE INDEX "Block_topics_idx" ON "Block" USING GIN ("topics");

-- CreateIndex
CREATE INDEX "Subscriber_publicationId_createdAt_id_idx" ON "Subscriber"("publicationId", "createdAt" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriberTag" ADD CONSTRAINT "SubscriberTag_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriberTag" ADD CONSTRAINT "SubscriberTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IssueTag" ADD CONSTRAINT "IssueTag_issueId_fkey" FOREIGN KEY ("issueId") REFERENCES "Issue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IssueTag" ADD CONSTRAINT "IssueTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IssueCorrection" ADD CONSTRAINT "IssueCorrection_issueId_fkey" FOREIGN KEY ("issueId") REFERENCES "Issue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IssueCorrection" ADD CONSTRAINT "IssueCorrection_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- From prisma/constraints.sql
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 60);
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") <= 60);
ALTER TABLE "IssueCorrection" ADD CONSTRAINT "IssueCorrection_note_check" CHECK (length(btrim("note")) BETWEEN 1 AND 1000);
