-- Search reads "Zurich" as "Zürich" and "cafe" as "café": a text search configuration of its own, English
-- stemming after unaccent (a trusted extension, as pg_trgm is, and PGlite loads it in lib/db/pglite-extensions.ts).
-- The generated document is rebuilt with it, for every story already indexed.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION "weekly_english" (COPY = english);
ALTER TEXT SEARCH CONFIGURATION "weekly_english" ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
DROP INDEX "SearchEntry_document_idx";
ALTER TABLE "SearchEntry" DROP COLUMN "document";
ALTER TABLE "SearchEntry" ADD COLUMN "document" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('weekly_english', "title"), 'A') || setweight(to_tsvector('weekly_english', "body"), 'B')) STORED;
CREATE INDEX "SearchEntry_document_idx" ON "SearchEntry" USING GIN ("document");
