-- Steward schema, version 6 (PostgreSQL): safety evaluations and the model approvals they support.
-- Applied in one transaction by the migrator.

-- Runs of an eval suite against a model version: running until finished, once, as COMPLETE or
-- FAILED. Counts satisfy 0 <= error_count <= samples_done <= samples_total. Summaries are opaque
-- JSON of up to 1 MiB.
CREATE TABLE steward_eval_run (
  id VARCHAR(64) PRIMARY KEY,
  seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  suite VARCHAR(200) NOT NULL,
  suite_version VARCHAR(200) NOT NULL,
  model_alias VARCHAR(200) NOT NULL,
  provider VARCHAR(200) NOT NULL,
  model VARCHAR(200) NOT NULL,
  model_version VARCHAR(200) NOT NULL,
  run_source VARCHAR(16) NOT NULL,
  status VARCHAR(16) NOT NULL,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  samples_total INT NOT NULL,
  samples_done INT NOT NULL,
  error_count INT NOT NULL,
  summary BYTEA,
  requested_by VARCHAR(200) NOT NULL,
  CONSTRAINT steward_eval_run_source CHECK (run_source IN ('steward', 'inspect')),
  CONSTRAINT steward_eval_run_status CHECK (
    (status = 'RUNNING' AND finished_at IS NULL)
    OR (status IN ('COMPLETE', 'FAILED') AND finished_at IS NOT NULL)),
  CONSTRAINT steward_eval_run_counts CHECK (
    error_count >= 0 AND samples_done >= error_count AND samples_total >= samples_done),
  CONSTRAINT steward_eval_run_summary CHECK (
    summary IS NULL OR octet_length(summary) BETWEEN 1 AND 1048576)
);

CREATE INDEX steward_eval_run_time ON steward_eval_run (started_at);

-- Evidence lookups: the complete runs of one suite against one model version.
CREATE INDEX steward_eval_run_evidence
  ON steward_eval_run (model_version, suite, status, finished_at);

-- The result of each sample of a run, per epoch; a second save replaces the result in place.
CREATE TABLE steward_eval_sample (
  run_id VARCHAR(64) NOT NULL REFERENCES steward_eval_run (id),
  sample_id VARCHAR(200) NOT NULL,
  epoch INT NOT NULL,
  seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  sample_result BYTEA NOT NULL,
  CONSTRAINT steward_eval_sample_key PRIMARY KEY (run_id, sample_id, epoch),
  CONSTRAINT steward_eval_sample_epoch CHECK (epoch >= 0),
  CONSTRAINT steward_eval_sample_result CHECK (octet_length(sample_result) BETWEEN 1 AND 1048576)
);

CREATE INDEX steward_eval_sample_order ON steward_eval_sample (run_id, seq);

-- Approvals: a use case may call a model version from granted_at until expires_at, unless
-- revoked. VARCHAR lengths count characters (code points).
CREATE TABLE steward_approval (
  id VARCHAR(64) PRIMARY KEY,
  seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  use_case VARCHAR(302) NOT NULL,
  provider VARCHAR(200) NOT NULL,
  model VARCHAR(200) NOT NULL,
  model_version VARCHAR(200) NOT NULL,
  granted_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  granted_by VARCHAR(200) NOT NULL,
  revoked_at TIMESTAMPTZ,
  revoked_by VARCHAR(200),
  revoke_reason VARCHAR(1000),
  CONSTRAINT steward_approval_expiry CHECK (expires_at > granted_at),
  CONSTRAINT steward_approval_revocation CHECK (
    (revoked_at IS NULL AND revoked_by IS NULL AND revoke_reason IS NULL)
    OR (revoked_at IS NOT NULL AND revoked_by IS NOT NULL AND revoke_reason IS NOT NULL
      AND revoked_at >= granted_at))
);

CREATE INDEX steward_approval_time ON steward_approval (granted_at);

-- The eval runs each approval rests on, in order.
CREATE TABLE steward_approval_run (
  approval_id VARCHAR(64) NOT NULL REFERENCES steward_approval (id),
  run_order INT NOT NULL,
  run_id VARCHAR(64) NOT NULL REFERENCES steward_eval_run (id),
  CONSTRAINT steward_approval_run_key PRIMARY KEY (approval_id, run_order),
  CONSTRAINT steward_approval_run_once UNIQUE (approval_id, run_id)
);

CREATE INDEX steward_approval_run_run ON steward_approval_run (run_id);

-- Bumped in the same transaction as every grant and revocation; nodes poll it.
INSERT INTO steward_counter (name, counter_value) VALUES ('approvals', 0);
