-- Steward schema, version 6 (H2): safety evaluations and the model approvals they support.
-- H2 commits DDL implicitly, hence IF NOT EXISTS throughout.

-- Runs of an eval suite against a model version: running until finished, once, as COMPLETE or
-- FAILED. Counts satisfy 0 <= error_count <= samples_done <= samples_total. Summaries are opaque
-- JSON of up to 1 MiB.
CREATE TABLE IF NOT EXISTS steward_eval_run (
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
  started_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  finished_at TIMESTAMP(6) WITH TIME ZONE,
  samples_total INT NOT NULL,
  samples_done INT NOT NULL,
  error_count INT NOT NULL,
  summary VARBINARY(1048576),
  requested_by VARCHAR(200) NOT NULL,
  CONSTRAINT steward_eval_run_source CHECK (run_source IN ('steward', 'inspect')),
  CONSTRAINT steward_eval_run_status CHECK (
    (status = 'RUNNING' AND finished_at IS NULL)
    OR (status IN ('COMPLETE', 'FAILED') AND finished_at IS NOT NULL)),
  CONSTRAINT steward_eval_run_counts CHECK (
    error_count >= 0 AND samples_done >= error_count AND samples_total >= samples_done),
  CONSTRAINT steward_eval_run_summary CHECK (
    summary IS NULL OR OCTET_LENGTH(summary) BETWEEN 1 AND 1048576)
);

CREATE INDEX IF NOT EXISTS steward_eval_run_time ON steward_eval_run (started_at);

-- Evidence lookups: the complete runs of one suite against one model version.
CREATE INDEX IF NOT EXISTS steward_eval_run_evidence
  ON steward_eval_run (model_version, suite, status, finished_at);

-- The result of each sample of a run, per epoch; a second save replaces the result in place.
CREATE TABLE IF NOT EXISTS steward_eval_sample (
  run_id VARCHAR(64) NOT NULL,
  sample_id VARCHAR(200) NOT NULL,
  epoch INT NOT NULL,
  seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  sample_result VARBINARY(1048576) NOT NULL,
  CONSTRAINT steward_eval_sample_key PRIMARY KEY (run_id, sample_id, epoch),
  CONSTRAINT steward_eval_sample_run FOREIGN KEY (run_id) REFERENCES steward_eval_run (id),
  CONSTRAINT steward_eval_sample_epoch CHECK (epoch >= 0),
  CONSTRAINT steward_eval_sample_result CHECK (OCTET_LENGTH(sample_result) BETWEEN 1 AND 1048576)
);

CREATE INDEX IF NOT EXISTS steward_eval_sample_order ON steward_eval_sample (run_id, seq);

-- Approvals: a use case may call a model version from granted_at until expires_at, unless
-- revoked. Reasons are up to 1000 code points, so up to 2000 UTF-16 characters.
CREATE TABLE IF NOT EXISTS steward_approval (
  id VARCHAR(64) PRIMARY KEY,
  seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  use_case VARCHAR(302) NOT NULL,
  provider VARCHAR(200) NOT NULL,
  model VARCHAR(200) NOT NULL,
  model_version VARCHAR(200) NOT NULL,
  granted_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  granted_by VARCHAR(200) NOT NULL,
  revoked_at TIMESTAMP(6) WITH TIME ZONE,
  revoked_by VARCHAR(200),
  revoke_reason VARCHAR(2000),
  CONSTRAINT steward_approval_expiry CHECK (expires_at > granted_at),
  CONSTRAINT steward_approval_revocation CHECK (
    (revoked_at IS NULL AND revoked_by IS NULL AND revoke_reason IS NULL)
    OR (revoked_at IS NOT NULL AND revoked_by IS NOT NULL AND revoke_reason IS NOT NULL
      AND revoked_at >= granted_at))
);

CREATE INDEX IF NOT EXISTS steward_approval_time ON steward_approval (granted_at);

-- The eval runs each approval rests on, in order.
CREATE TABLE IF NOT EXISTS steward_approval_run (
  approval_id VARCHAR(64) NOT NULL,
  run_order INT NOT NULL,
  run_id VARCHAR(64) NOT NULL,
  CONSTRAINT steward_approval_run_key PRIMARY KEY (approval_id, run_order),
  CONSTRAINT steward_approval_run_once UNIQUE (approval_id, run_id),
  CONSTRAINT steward_approval_run_approval
    FOREIGN KEY (approval_id) REFERENCES steward_approval (id),
  CONSTRAINT steward_approval_run_run FOREIGN KEY (run_id) REFERENCES steward_eval_run (id)
);

CREATE INDEX IF NOT EXISTS steward_approval_run_run ON steward_approval_run (run_id);

-- Bumped in the same transaction as every grant and revocation; nodes poll it.
INSERT INTO steward_counter (name, counter_value) SELECT 'approvals', 0 FROM (VALUES (1))
  WHERE NOT EXISTS (SELECT 1 FROM steward_counter WHERE name = 'approvals');
