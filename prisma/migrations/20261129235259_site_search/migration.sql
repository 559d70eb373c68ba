-- CreateTable
CREATE TABLE "SearchEntry" (
    "id" TEXT NOT NULL,
    "issueId" TEXT NOT NULL,
    "blockId" TEXT,
    "position" INTEGER NOT NULL,
    "anchor" TEXT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,

    CONSTRAINT "SearchEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SearchEntry_issueId_idx" ON "SearchEntry"("issueId");

-- CreateIndex
CREATE INDEX "SearchEntry_blockId_idx" ON "SearchEntry"("blockId");

-- AddForeignKey
ALTER TABLE "SearchEntry" ADD CONSTRAINT "SearchEntry_issueId_fkey" FOREIGN KEY ("issueId") REFERENCES "Issue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SearchEntry" ADD CONSTRAINT "SearchEntry_blockId_fkey" FOREIGN KEY ("blockId") REFERENCES "Block"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- From prisma/constraints.sql
ALTER TABLE "SearchEntry" ADD COLUMN "document" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('english', "body"), 'B')) STORED;
CREATE INDEX "SearchEntry_document_idx" ON "SearchEntry" USING GIN ("document");
