-- Mosaic.Orleans — SQLite, part 3: the job store (Mosaic.Storage.Jobs.IJobStore; not an Orleans provider).
-- Run after 01-main.sql (which switches the file to WAL). Idempotent: tables are created if missing.
--
-- Same tables as infra/sql/postgresql/04-jobs.sql: mosaic_job (spec, running flag, running totals over the results),
-- mosaic_job_output (finished model calls; first payload wins, repeats counted in "completions"), mosaic_job_result
-- (one row per answered question). Differences:
--   - timestamps are INTEGER microseconds since 1970-01-01 UTC (the same precision PostgreSQL keeps);
--   - no foreign keys (SQLite enforces them only with PRAGMA foreign_keys = ON on every connection): the store checks
--     that the job exists inside each write transaction and deletes the three tables' rows in one transaction.
-- The statements that use these tables live in src/Mosaic.Storage/Jobs/SqliteJobSql.cs. Several processes may use the
-- same file: every write is one BEGIN IMMEDIATE transaction and connections wait on a busy timeout.

CREATE TABLE IF NOT EXISTS mosaic_job
(
    service_id           TEXT    NOT NULL,
    job_id               TEXT    NOT NULL,
    spec                 BLOB    NOT NULL,
    running              INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    answered             INTEGER NOT NULL DEFAULT 0,
    correct              INTEGER NOT NULL DEFAULT 0,
    with_gold            INTEGER NOT NULL DEFAULT 0,
    aggregator_calls     INTEGER NOT NULL DEFAULT 0,
    cancelled_calls      INTEGER NOT NULL DEFAULT 0,
    failed_calls         INTEGER NOT NULL DEFAULT 0,
    trimmed_prompts      INTEGER NOT NULL DEFAULT 0,
    unanswered           INTEGER NOT NULL DEFAULT 0,
    last_experts_done_at INTEGER NULL,
    last_completed_at    INTEGER NULL,
    expires_at           INTEGER NULL,
    PRIMARY KEY (service_id, job_id)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS mosaic_job_running_ix ON mosaic_job (service_id, job_id) WHERE running = 1;

CREATE TABLE IF NOT EXISTS mosaic_job_output
(
    service_id  TEXT    NOT NULL,
    job_id      TEXT    NOT NULL,
    question_id TEXT    NOT NULL,
    slot        INTEGER NOT NULL,
    payload     BLOB    NOT NULL,
    completions INTEGER NOT NULL,
    PRIMARY KEY (service_id, job_id, question_id, slot)
);

CREATE TABLE IF NOT EXISTS mosaic_job_result
(
    service_id        TEXT    NOT NULL,
    job_id            TEXT    NOT NULL,
    question_index    INTEGER NOT NULL,
    question_id       TEXT    NOT NULL,
    payload           BLOB    NOT NULL,
    correct           INTEGER NULL,
    aggregator_called INTEGER NOT NULL,
    cancelled_calls   INTEGER NOT NULL,
    failed_calls      INTEGER NOT NULL,
    experts_done_at   INTEGER NOT NULL,
    completed_at      INTEGER NOT NULL,
    prompt_trimmed    INTEGER NOT NULL,
    unanswered        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, job_id, question_index)
);

-- Revision 2 counts the questions that got no final answer apart ("unanswered", among "answered"). SQLite has no
-- ADD COLUMN IF NOT EXISTS: the installer adds the two columns to a database created by revision 1
-- (SqliteColumnMigrations in Mosaic.Storage); the results it already holds count as answered.
-- Revision 3: an ended job with a retention ("expires_at", added to older files the same way) is deleted once it passes;
-- every silo scans for such jobs (the index is created by the installer after that column exists).
INSERT INTO mosaic_schema_info (script, revision) VALUES ('jobs', 3)
ON CONFLICT (script) DO UPDATE SET revision = excluded.revision, applied_at = CURRENT_TIMESTAMP;
