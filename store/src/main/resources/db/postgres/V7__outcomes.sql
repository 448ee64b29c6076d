-- Steward schema, version 7 (PostgreSQL): what became of AI answers, as their services report it.
-- Applied in one transaction by the migrator.

-- One outcome per exchange: a later report replaces the earlier one. Not in the transparency log.
-- VARCHAR lengths count characters (code points).
CREATE TABLE steward_outcome (
  request_id VARCHAR(100) PRIMARY KEY,
  department VARCHAR(100) NOT NULL,
  service VARCHAR(100) NOT NULL,
  use_case VARCHAR(100) NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  minutes_saved DOUBLE PRECISION,
  note VARCHAR(1000),
  recorded_at TIMESTAMPTZ NOT NULL,
  key_id VARCHAR(32) NOT NULL,
  CONSTRAINT steward_outcome_kind CHECK (outcome IN ('accepted', 'edited', 'rejected')),
  CONSTRAINT steward_outcome_minutes CHECK (
    minutes_saved IS NULL OR (minutes_saved >= 0 AND minutes_saved <= 1440))
);

CREATE INDEX steward_outcome_time ON steward_outcome (recorded_at);
