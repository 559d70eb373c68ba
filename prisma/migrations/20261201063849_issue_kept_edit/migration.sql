-- CreateTable
CREATE TABLE "IssueKeptEdit" (
    "issueId" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "problems" JSONB NOT NULL,
    "baseVersion" INTEGER NOT NULL,
    "savedBy" TEXT NOT NULL,
    "savedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IssueKeptEdit_pkey" PRIMARY KEY ("issueId")
);

-- AddForeignKey
ALTER TABLE "IssueKeptEdit" ADD CONSTRAINT "IssueKeptEdit_issueId_fkey" FOREIGN KEY ("issueId") REFERENCES "Issue"("id") ON DELETE CASCADE ON UPDATE CASCADE;
