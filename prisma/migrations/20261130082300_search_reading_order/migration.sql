-- Search rows written before this migration read block fields in jsonb's key order (shortest key first),
-- so a roundup part's text came before its label ("Batteries won… What's new"). lib/search/index-issue.ts
-- now reads them in the schema's order. Emptying the table makes every published issue "unindexed": the
-- launcher's start-up pass (indexUnindexedIssues, run after migrations and before the app serves a page)
-- rebuilds them all in reading order, as it indexed issues published before search existed.
DELETE FROM "SearchEntry";
