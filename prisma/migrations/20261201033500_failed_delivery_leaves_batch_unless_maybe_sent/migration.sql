-- A failed ledger row now keeps its batch key only when the provider may hold its batch (its batch failed
-- whole with every answer lost, or its worker stopped before the outcome was written): "Retry failed"
-- sends such a batch again under its own key, and regroups the rest under new ones
-- (lib/delivery/retry-failed.ts). Rows failed before this rule kept their key either way. Those whose
-- reason shows the provider answered for them leave their batch, as they would now.
UPDATE "Delivery" d SET "batchKey" = NULL
WHERE d."status" = 'failed' AND d."batchKey" IS NOT NULL
  AND NOT (
    d."lastError" LIKE 'not known whether sent%'
    OR (d."lastError" LIKE 'gave up after %' AND NOT EXISTS (
      SELECT 1 FROM "Delivery" o WHERE o."batchKey" = d."batchKey" AND o."status" <> 'failed'))
  );
