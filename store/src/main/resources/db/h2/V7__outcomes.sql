-- Steward schema, version 7 (H2): what became of AI answers, as their services report it.
-- H2 commits DDL implicitly, hence IF NOT EXISTS throughout.

-- One outcome per exchange: a later report replaces the earlier one. Not in the transparency log.
-- Notes are up to 1000 code points, so up to 2000 UTF-16 characters.
CREATE TABLE IF NOT EXISTS steward_outcome (
  request_id VARCHAR(100) PRIMARY KEY,
  department VARCHAR(100) NOT NULL,
  service VARCHAR(100) NOT NULL,
  use_case VARCHAR(100) NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  minutes_saved DOUBLE PRECISION,
  note VARCHAR(2000),
  recorded_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  key_id VARCHAR(32) NOT NULL,
  CONSTRAINT steward_outcome_kind CHECK (outcome IN ('accepted', 'edited', 'rejected')),
  CONSTRAINT steward_outcome_minutes CHECK (
    minutes_saved IS NULL OR (minutes_saved >= 0 AND minutes_saved <= 1440))
);

CREATE INDEX IF NOT EXISTS steward_outcome_time ON steward_outcome (recorded_at);
