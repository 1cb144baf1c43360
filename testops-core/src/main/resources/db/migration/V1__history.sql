-- The history store: runs, their phases and events, artifacts, idempotency keys and API tokens.
--
-- Portable SQL: this file runs unchanged on SQLite and PostgreSQL 15, so it uses only TEXT,
-- BIGINT and INTEGER. Times are UTC ISO-8601 text with exactly nine fraction digits
-- (2026-11-25T12:44:54.123456789Z): fixed width, so text order is time order on both databases,
-- and an Instant reads back exactly. Statuses are the wire names (RunStatus/PhaseStatus).

CREATE TABLE runs (
  id TEXT NOT NULL PRIMARY KEY,
  status TEXT NOT NULL
    CHECK (status IN ('queued', 'running', 'passed', 'failed', 'error', 'cancelled')),
  progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
  suite TEXT NOT NULL,
  request_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  reason TEXT
);

-- Listing newest first and claiming the oldest queued run both order by (created_at, id).
CREATE INDEX runs_by_created ON runs (created_at, id);
CREATE INDEX runs_by_status_created ON runs (status, created_at, id);

CREATE TABLE phases (
  run_id TEXT NOT NULL REFERENCES runs (id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('pending', 'running', 'passed', 'failed', 'skipped', 'error')),
  progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
  started_at TEXT,
  finished_at TEXT,
  summary_json TEXT NOT NULL,
  PRIMARY KEY (run_id, position)
);

CREATE TABLE events (
  run_id TEXT NOT NULL REFERENCES runs (id),
  seq BIGINT NOT NULL CHECK (seq >= 1),
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE artifacts (
  run_id TEXT NOT NULL REFERENCES runs (id),
  path TEXT NOT NULL,
  kind TEXT NOT NULL,
  size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
  sha256 TEXT NOT NULL,
  PRIMARY KEY (run_id, path)
);

-- No foreign key to runs: a create claims its key before inserting the run, so that concurrent
-- creators with one key wait on the key (and find the run), not on the run id.
CREATE TABLE idempotency_keys (
  key TEXT NOT NULL PRIMARY KEY,
  request_sha256 TEXT NOT NULL,
  run_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE INDEX idempotency_keys_by_created ON idempotency_keys (created_at);

CREATE TABLE tokens (
  sha256 TEXT NOT NULL PRIMARY KEY,
  role TEXT NOT NULL,
  label TEXT,
  created_at TEXT NOT NULL
);
