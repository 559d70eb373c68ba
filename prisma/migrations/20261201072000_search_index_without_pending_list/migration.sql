-- The search index takes a publish's entries at once rather than into its pending list: waiting there until
-- a VACUUM, they made Postgres judge the index costly and read every entry for a moderately common word
-- (8.2 ms against 0.23 ms to count them, in npm run bench:search). A publish writes a few dozen entries.
ALTER INDEX "SearchEntry_document_idx" SET (fastupdate = off);
SELECT gin_clean_pending_list('"SearchEntry_document_idx"'::regclass);
