-- CreateIndex
CREATE INDEX "MediaFile_publicationId_createdAt_idx" ON "MediaFile"("publicationId", "createdAt" DESC);
