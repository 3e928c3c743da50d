-- +goose Up
-- Several instances, one truth (issue 15): a periodic job that must not run
-- twice (the daily tally, the purges and sweeps) takes a lease named after
-- it before it runs (jobs.Once). The row says which instance holds it and
-- until when (unix ms); an instance takes it when it has run out or is its
-- own already. runs counts how often it was taken, for operators and tests.
CREATE TABLE job_leases (
  name        TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
  holder      TEXT NOT NULL CHECK (length(holder) <= 200),
  lease_until BIGINT NOT NULL,
  runs        BIGINT NOT NULL DEFAULT 0
);
