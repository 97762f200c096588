-- Mosaic.Orleans — PostgreSQL, part 4: the job store (Mosaic.Storage.Jobs.IJobStore; not an Orleans provider).
-- Run after 01-main.sql. Idempotent: tables and indexes are created if missing.
--
-- Rows are scoped by service_id (the Orleans ServiceId), like grain state, so several services can share a database.
--   mosaic_job         one row per job: the opaque spec written once at submit, the "running" flag every silo scans to
--                      resume jobs, and running totals over the job's results (kept by the result insert, so reading
--                      them is O(1) in the question count).
--   mosaic_job_output  finished model calls, keyed (job, question id, slot); the first payload wins, every further write
--                      of the same key adds to "completions" (a recomputed call is counted, never hidden).
--   mosaic_job_result  one row per answered question, written once; read in question order by keyset paging.
-- Outputs and results belong to their job row (ON DELETE CASCADE): deleting the job removes everything, and a write
-- for a job that does not exist fails on the foreign key instead of leaving orphans.
-- Identifiers use the "C" collation: byte order, so ORDER BY matches .NET ordinal order for ASCII ids and the
-- primary-key indexes serve the ordered reads.
-- The statements that use these tables live in src/Mosaic.Storage/Jobs/PostgresJobSql.cs.

CREATE TABLE IF NOT EXISTS mosaic_job
(
    service_id           varchar(150) COLLATE "C" NOT NULL,
    job_id               varchar(256) COLLATE "C" NOT NULL,
    spec                 bytea        NOT NULL,
    running              boolean      NOT NULL DEFAULT false,
    created_at           timestamptz  NOT NULL DEFAULT now(),
    answered             integer      NOT NULL DEFAULT 0,
    correct              integer      NOT NULL DEFAULT 0,
    with_gold            integer      NOT NULL DEFAULT 0,
    aggregator_calls     integer      NOT NULL DEFAULT 0,
    cancelled_calls      integer      NOT NULL DEFAULT 0,
    failed_calls         integer      NOT NULL DEFAULT 0,
    trimmed_prompts      integer      NOT NULL DEFAULT 0,
    unanswered           integer      NOT NULL DEFAULT 0,
    last_experts_done_at timestamptz  NULL,
    last_completed_at    timestamptz  NULL,
    expires_at           timestamptz  NULL,
    CONSTRAINT mosaic_job_pk PRIMARY KEY (service_id, job_id)
);

-- The resume scan reads only running jobs.
CREATE INDEX IF NOT EXISTS mosaic_job_running_ix ON mosaic_job (service_id, job_id) WHERE running;

CREATE TABLE IF NOT EXISTS mosaic_job_output
(
    service_id  varchar(150) COLLATE "C" NOT NULL,
    job_id      varchar(256) COLLATE "C" NOT NULL,
    question_id varchar(256) COLLATE "C" NOT NULL,
    slot        integer      NOT NULL,
    payload     bytea        NOT NULL,
    completions integer      NOT NULL,
    CONSTRAINT mosaic_job_output_pk PRIMARY KEY (service_id, job_id, question_id, slot),
    CONSTRAINT mosaic_job_output_job_fk FOREIGN KEY (service_id, job_id)
        REFERENCES mosaic_job (service_id, job_id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS mosaic_job_result
(
    service_id        varchar(150) COLLATE "C" NOT NULL,
    job_id            varchar(256) COLLATE "C" NOT NULL,
    question_index    integer      NOT NULL,
    question_id       varchar(256) COLLATE "C" NOT NULL,
    payload           bytea        NOT NULL,
    correct           boolean      NULL,
    aggregator_called boolean      NOT NULL,
    cancelled_calls   integer      NOT NULL,
    failed_calls      integer      NOT NULL,
    experts_done_at   timestamptz  NOT NULL,
    completed_at      timestamptz  NOT NULL,
    prompt_trimmed    boolean      NOT NULL,
    unanswered        boolean      NOT NULL DEFAULT false,
    CONSTRAINT mosaic_job_result_pk PRIMARY KEY (service_id, job_id, question_index),
    CONSTRAINT mosaic_job_result_job_fk FOREIGN KEY (service_id, job_id)
        REFERENCES mosaic_job (service_id, job_id) ON DELETE CASCADE
);

-- Revision 2 counts the questions that got no final answer apart ("unanswered", among "answered"). A database created
-- by revision 1 gains the columns here; the results it already holds count as answered.
ALTER TABLE mosaic_job ADD COLUMN IF NOT EXISTS unanswered integer NOT NULL DEFAULT 0;
ALTER TABLE mosaic_job_result ADD COLUMN IF NOT EXISTS unanswered boolean NOT NULL DEFAULT false;

-- Revision 3: an ended job with a retention ("expires_at") is deleted once it passes; every silo scans for such jobs.
ALTER TABLE mosaic_job ADD COLUMN IF NOT EXISTS expires_at timestamptz NULL;
CREATE INDEX IF NOT EXISTS mosaic_job_expiry_ix ON mosaic_job (service_id, expires_at) WHERE expires_at IS NOT NULL;

INSERT INTO mosaic_schema_info (script, revision) VALUES ('jobs', 3)
ON CONFLICT (script) DO UPDATE SET revision = EXCLUDED.revision, applied_at = now();
