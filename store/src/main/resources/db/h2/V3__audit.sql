-- Steward schema, version 3 (H2): the transparency log.
-- Ledger rows may say where their exchange is in the log and carry the salt of its commitments:
-- all three columns null for a row not logged; a salt and a request index together otherwise, the
-- completion index only when the completion was logged.
-- The audit outbox holds log entries for changes made outside the process that holds the log (the
-- CLI changing keys while a server runs), queued in the change's own transaction.
-- H2 commits DDL implicitly, hence IF NOT EXISTS throughout.

ALTER TABLE steward_ledger ADD COLUMN IF NOT EXISTS audit_request_index BIGINT;

ALTER TABLE steward_ledger ADD COLUMN IF NOT EXISTS audit_completion_index BIGINT;

ALTER TABLE steward_ledger ADD COLUMN IF NOT EXISTS audit_salt VARCHAR(44);

ALTER TABLE steward_ledger ADD CONSTRAINT IF NOT EXISTS steward_ledger_audit CHECK (
  (audit_salt IS NULL AND audit_request_index IS NULL AND audit_completion_index IS NULL)
  OR (audit_salt IS NOT NULL AND audit_request_index IS NOT NULL AND audit_request_index >= 0
    AND (audit_completion_index IS NULL OR audit_completion_index >= 0))
);

CREATE TABLE IF NOT EXISTS steward_audit_outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry VARBINARY(65535) NOT NULL,
  queued_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT steward_audit_outbox_entry CHECK (OCTET_LENGTH(entry) BETWEEN 1 AND 65535)
);
