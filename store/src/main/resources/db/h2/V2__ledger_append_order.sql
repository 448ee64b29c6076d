-- Steward schema, version 2 (H2): the ledger is stored in append order.
-- Its primary key becomes the append sequence, which H2 uses as the row key, so appending a row
-- touches the end of the table instead of a random place in a request-id index; the
-- department-and-time index goes (reports filter the time range, then the department). Measured:
-- the embedded ledger's cost per row falls by about a third (docs/decisions/0009-ledger-cost.md).

CREATE TABLE steward_ledger_v2 (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id VARCHAR(100) NOT NULL,
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
  attempts INT NOT NULL,
  CONSTRAINT steward_ledger_request UNIQUE (request_id)
);

INSERT INTO steward_ledger_v2 (
  request_id, occurred_at, department, service, use_case, api, endpoint, model_alias, route_id,
  upstream_model, outcome, http_status, input_tokens, output_tokens, cached_input_tokens,
  cost_gbp, latency_micros, first_token_micros, is_stream, attempts)
SELECT
  request_id, occurred_at, department, service, use_case, api, endpoint, model_alias, route_id,
  upstream_model, outcome, http_status, input_tokens, output_tokens, cached_input_tokens,
  cost_gbp, latency_micros, first_token_micros, is_stream, attempts
FROM steward_ledger ORDER BY seq;

DROP TABLE steward_ledger;

ALTER TABLE steward_ledger_v2 RENAME TO steward_ledger;

CREATE INDEX steward_ledger_time ON steward_ledger (occurred_at);
