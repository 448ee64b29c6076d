-- Steward schema, version 4 (PostgreSQL): kill switches, reviews, policy versions, conversation
-- levels. Applied in one transaction by the migrator.

-- Kill switches, engaged and lifted. At most one engaged switch per scope and target: a partial
-- unique index over the engaged ones. VARCHAR lengths count characters (code points).
CREATE TABLE steward_kill_switch (
  id VARCHAR(64) PRIMARY KEY,
  seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  scope VARCHAR(32) NOT NULL,
  target VARCHAR(200) NOT NULL,
  note VARCHAR(1000) NOT NULL,
  actor VARCHAR(200) NOT NULL,
  engaged_at TIMESTAMPTZ NOT NULL,
  lifted_at TIMESTAMPTZ,
  lifted_by VARCHAR(200),
  lift_note VARCHAR(1000),
  CONSTRAINT steward_kill_switch_lift CHECK (
    (lifted_at IS NULL AND lifted_by IS NULL AND lift_note IS NULL)
    OR (lifted_at IS NOT NULL AND lifted_by IS NOT NULL AND lift_note IS NOT NULL))
);

CREATE UNIQUE INDEX steward_kill_switch_engaged ON steward_kill_switch (scope, target)
  WHERE lifted_at IS NULL;

CREATE INDEX steward_kill_switch_time ON steward_kill_switch (engaged_at);

-- Bumped in the same transaction as every engagement and lifting; nodes poll it.
INSERT INTO steward_counter (name, counter_value) VALUES ('kill-switches', 0);

-- Reviews of draft answers: several per exchange, oldest first.
CREATE TABLE steward_review (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id VARCHAR(100) NOT NULL,
  reviewer VARCHAR(200) NOT NULL,
  outcome VARCHAR(64) NOT NULL,
  note VARCHAR(2000),
  key_id VARCHAR(32) NOT NULL,
  reviewed_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX steward_review_request ON steward_review (request_id, reviewed_at);

-- The policies adopted, in order; the last is in force.
CREATE TABLE steward_policy_version (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version VARCHAR(200) NOT NULL,
  policy_hash BYTEA NOT NULL,
  adopted_at TIMESTAMPTZ NOT NULL,
  via VARCHAR(64) NOT NULL,
  CONSTRAINT steward_policy_version_hash CHECK (octet_length(policy_hash) = 32)
);

-- The lock row that serialises adoptions (SELECT ... FOR UPDATE); its value is not used.
INSERT INTO steward_counter (name, counter_value) VALUES ('policy', 0);

-- The highest classification level each conversation has seen, and when it was last raised.
CREATE TABLE steward_conversation_label (
  conversation VARCHAR(300) PRIMARY KEY,
  label_level INT NOT NULL,
  raised_at TIMESTAMPTZ NOT NULL,
  CONSTRAINT steward_conversation_label_level CHECK (label_level >= 0)
);

CREATE INDEX steward_conversation_label_time ON steward_conversation_label (raised_at);
