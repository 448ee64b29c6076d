-- Steward schema, version 5 (H2): the ledger names the API key that made each exchange, so budgets
-- per key survive a restart. Null for rows written before this version.

ALTER TABLE steward_ledger ADD COLUMN IF NOT EXISTS key_id VARCHAR(64);
