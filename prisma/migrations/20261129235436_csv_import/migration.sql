-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('pending', 'previewed', 'queued', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" TEXT NOT NULL,
    "publicationId" TEXT NOT NULL,
    "createdById" TEXT,
    "status" "ImportStatus" NOT NULL DEFAULT 'pending',
    "fileName" TEXT NOT NULL,
    "file" BYTEA,
    "fileSize" INTEGER NOT NULL,
    "encoding" TEXT NOT NULL,
    "delimiter" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '[]',
    "mapping" JSONB NOT NULL DEFAULT '{}',
    "consent" BOOLEAN NOT NULL DEFAULT false,
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "validRows" INTEGER NOT NULL DEFAULT 0,
    "invalidRows" INTEGER NOT NULL DEFAULT 0,
    "duplicateRows" INTEGER NOT NULL DEFAULT 0,
    "unsubscribedRows" INTEGER NOT NULL DEFAULT 0,
    "suppressedRows" INTEGER NOT NULL DEFAULT 0,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "confirmationsSent" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "failure" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImportJob_status_createdAt_idx" ON "ImportJob"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ImportJob_publicationId_createdAt_idx" ON "ImportJob"("publicationId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- From prisma/constraints.sql
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_delimiter_check" CHECK (length("delimiter") = 1 AND ascii("delimiter") IN (9, 44, 59));
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_encoding_check" CHECK ("encoding" IN ('utf-8', 'windows-1252'));
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_errors_check" CHECK (jsonb_typeof("errors") = 'array');
