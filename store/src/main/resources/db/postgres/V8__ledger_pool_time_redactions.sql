-- Steward schema, version 8 (PostgreSQL): the ledger keeps each exchange's share of its self-hosted
-- pool's busy time (microseconds; null when it ran on no pool, and for rows written before this
-- version) and what the guards redacted, by action and reason, never the content
-- ('mask:EMAIL_ADDRESS=2,strip:INJECTION=1'; empty when nothing, and for older rows).

ALTER TABLE steward_ledger ADD COLUMN IF NOT EXISTS pool_micros BIGINT;
ALTER TABLE steward_ledger ADD COLUMN IF NOT EXISTS redactions VARCHAR(2000) DEFAULT '' NOT NULL;
