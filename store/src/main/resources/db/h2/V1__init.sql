-- Steward schema, version 1 (H2): API keys, their change counter, and the ledger.
-- Timestamps are UTC instants. H2 commits DDL implicitly, hence IF NOT EXISTS throughout.

CREATE TABLE IF NOT EXISTS steward_api_key (
  id VARCHAR(32) PRIMARY KEY,
  prefix VARCHAR(16) NOT NULL,
  key_hash VARBINARY(32) NOT NULL,
  department VARCHAR(100) NOT NULL,
  service VARCHAR(100) NOT NULL,
  use_case VARCHAR(100) NOT NULL,
  label VARCHAR(200) NOT NULL,
  created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  revoked_at TIMESTAMP(6) WITH TIME ZONE,
  created_by VARCHAR(200)
);

-- findByHash runs on every request.
CREATE UNIQUE INDEX IF NOT EXISTS steward_api_key_hash ON steward_api_key (key_hash);
CREATE INDEX IF NOT EXISTS steward_api_key_owner ON steward_api_key (department, service);

-- Bumped in the same transaction as every key insert and revocation.
CREATE TABLE IF NOT EXISTS steward_counter (
  name VARCHAR(32) PRIMARY KEY,
  counter_value BIGINT NOT NULL
);

INSERT INTO steward_counter (name, counter_value) SELECT 'keys', 0 FROM (VALUES (1))
  WHERE NOT EXISTS (SELECT 1 FROM steward_counter WHERE name = 'keys');

CREATE TABLE IF NOT EXISTS steward_ledger (
  request_id VARCHAR(100) PRIMARY KEY,
  seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  occurred_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  department VARCHAR(100) NOT NULL,
  service VARCHAR(100) NOT NULL,
  use_case VARCHAR(100) NOT NULL,
  api VARCHAR(16) NOT NULL,
  endpoint VARCHAR(16) NOT NULL,
  model_alias VARCHAR(200) NOT NULL,
  route_id VARCHAR(200),
  upstream_model VARCHAR(200),
  outcome VARCHAR(64) NOT NULL,
  http_status INT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cached_input_tokens BIGINT NOT NULL,
  cost_gbp NUMERIC(24, 10) NOT NULL,
  latency_micros BIGINT NOT NULL,
  first_token_micros BIGINT,
  is_stream BOOLEAN NOT NULL,
  attempts INT NOT NULL
);

CREATE INDEX IF NOT EXISTS steward_ledger_time ON steward_ledger (occurred_at, seq);
CREATE INDEX IF NOT EXISTS steward_ledger_department_time ON steward_ledger (department, occurred_at);
