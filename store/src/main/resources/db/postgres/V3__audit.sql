-- Steward schema, version 3 (PostgreSQL): the transparency log.
-- Ledger rows may say where their exchange is in the log and carry the salt of its commitments:
-- all three columns null for a row not logged; a salt and a request index together otherwise, the
-- completion index only when the completion was logged. Adding nullable columns rewrites nothing.
-- The audit outbox holds log entries for changes made outside the process that holds the log (the
-- CLI changing keys while a server runs), queued in the change's own transaction.

ALTER TABLE steward_ledger
  ADD COLUMN audit_request_index BIGINT,
  ADD COLUMN audit_completion_index BIGINT,
  ADD COLUMN audit_salt VARCHAR(44),
  ADD CONSTRAINT steward_ledger_audit CHECK (
    (audit_salt IS NULL AND audit_request_index IS NULL AND audit_completion_index IS NULL)
    OR (audit_salt IS NOT NULL AND audit_request_index IS NOT NULL AND audit_request_index >= 0
      AND (audit_completion_index IS NULL OR audit_completion_index >= 0))
  );

CREATE TABLE steward_audit_outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry BYTEA NOT NULL,
  queued_at TIMESTAMPTZ NOT NULL,
  CONSTRAINT steward_audit_outbox_entry CHECK (octet_length(entry) BETWEEN 1 AND 65535)
);
