-- AlterTable
ALTER TABLE "IssueRevision" ADD COLUMN     "apiKeyId" TEXT;

-- AddForeignKey
ALTER TABLE "IssueRevision" ADD CONSTRAINT "IssueRevision_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;
