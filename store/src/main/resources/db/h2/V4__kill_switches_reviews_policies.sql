-- Steward schema, version 4 (H2): kill switches, reviews, policy versions, conversation levels.
-- H2 commits DDL implicitly, hence IF NOT EXISTS throughout.

-- Kill switches, engaged and lifted. At most one engaged switch per scope and target: H2 has no
-- partial indexes, so a generated column holds "scope target" while the switch is engaged (NULL
-- once lifted) and is unique; a unique index admits any number of NULLs. Notes are up to 1000
-- code points, so up to 2000 UTF-16 characters.
CREATE TABLE IF NOT EXISTS steward_kill_switch (
  id VARCHAR(64) PRIMARY KEY,
  seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  scope VARCHAR(32) NOT NULL,
  target VARCHAR(200) NOT NULL,
  note VARCHAR(2000) NOT NULL,
  actor VARCHAR(200) NOT NULL,
  engaged_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  lifted_at TIMESTAMP(6) WITH TIME ZONE,
  lifted_by VARCHAR(200),
  lift_note VARCHAR(2000),
  engaged_target VARCHAR(240) GENERATED ALWAYS AS (
    CASE WHEN lifted_at IS NULL THEN scope || ' ' || target END),
  CONSTRAINT steward_kill_switch_lift CHECK (
    (lifted_at IS NULL AND lifted_by IS NULL AND lift_note IS NULL)
    OR (lifted_at IS NOT NULL AND lifted_by IS NOT NULL AND lift_note IS NOT NULL)),
  CONSTRAINT steward_kill_switch_engaged UNIQUE (engaged_target)
);

CREATE INDEX IF NOT EXISTS steward_kill_switch_time ON steward_kill_switch (engaged_at);

-- Bumped in the same transaction as every engagement and lifting; nodes poll it.
INSERT INTO steward_counter (name, counter_value) SELECT 'kill-switches', 0 FROM (VALUES (1))
  WHERE NOT EXISTS (SELECT 1 FROM steward_counter WHERE name = 'kill-switches');

-- Reviews of draft answers: several per exchange, oldest first.
CREATE TABLE IF NOT EXISTS steward_review (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id VARCHAR(100) NOT NULL,
  reviewer VARCHAR(200) NOT NULL,
  outcome VARCHAR(64) NOT NULL,
  note VARCHAR(2000),
  key_id VARCHAR(32) NOT NULL,
  reviewed_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE INDEX IF NOT EXISTS steward_review_request ON steward_review (request_id, reviewed_at);

-- The policies adopted, in order; the last is in force.
CREATE TABLE IF NOT EXISTS steward_policy_version (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version VARCHAR(200) NOT NULL,
  policy_hash VARBINARY(32) NOT NULL,
  adopted_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  via VARCHAR(64) NOT NULL,
  CONSTRAINT steward_policy_version_hash CHECK (OCTET_LENGTH(policy_hash) = 32)
);

-- The lock row that serialises adoptions (SELECT ... FOR UPDATE); its value is not used.
INSERT INTO steward_counter (name, counter_value) SELECT 'policy', 0 FROM (VALUES (1))
  WHERE NOT EXISTS (SELECT 1 FROM steward_counter WHERE name = 'policy');

-- The highest classification level each conversation has seen, and when it was last raised.
CREATE TABLE IF NOT EXISTS steward_conversation_label (
  conversation VARCHAR(300) PRIMARY KEY,
  label_level INT NOT NULL,
  raised_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT steward_conversation_label_level CHECK (label_level >= 0)
);

CREATE INDEX IF NOT EXISTS steward_conversation_label_time
  ON steward_conversation_label (raised_at);
