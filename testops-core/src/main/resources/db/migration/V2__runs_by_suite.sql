-- The history filtered by suite (GET /v1/test-runs?suite=), newest first.
CREATE INDEX runs_by_suite_created ON runs (suite, created_at, id);
