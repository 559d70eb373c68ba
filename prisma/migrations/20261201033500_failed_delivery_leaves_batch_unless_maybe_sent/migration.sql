-- A failed ledger row now keeps its batch key only when the provider may hold its batch (its batch failed
-- whole with every answer lost, Resend answered it in a form that names no rows, or its worker stopped
-- before the outcome was written): "Retry failed" sends such a batch again under its own key, and
-- regroups the rest under new ones (lib/delivery/retry-failed.ts). Rows failed before this rule kept their
-- key either way. Those whose reason shows the provider answered for them leave their batch, as they would
-- now. The batches with a row not failed are read once (there is no index on batchKey), not once a row.
WITH answered AS (
  SELECT DISTINCT "batchKey" FROM "Delivery" WHERE "status" <> 'failed' AND "batchKey" IS NOT NULL
)
UPDATE "Delivery" d SET "batchKey" = NULL
WHERE d."status" = 'failed' AND d."batchKey" IS NOT NULL
  AND d."lastError" NOT LIKE 'not known whether sent%'
  AND d."lastError" NOT LIKE 'Resend answered %'
  AND (d."lastError" NOT LIKE 'gave up after %' OR d."batchKey" IN (SELECT "batchKey" FROM answered));
