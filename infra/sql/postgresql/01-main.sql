-- Mosaic.Orleans — PostgreSQL, part 1: the query catalogue.
--
-- Every Orleans ADO.NET provider loads its SQL at start-up with
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- so this table (unquoted name: PostgreSQL folds it to orleansquery, which that statement also resolves to)
-- must exist before 02-persistence.sql and 03-clustering.sql register their queries in it.
--
-- Idempotent: safe to run any number of times (psql -v ON_ERROR_STOP=1 -f 01-main.sql).

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (QueryKey)
);

-- Records which Mosaic script revision last ran; purely informational.
CREATE TABLE IF NOT EXISTS mosaic_schema_info
(
    script      varchar(64) NOT NULL,
    revision    integer     NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT mosaic_schema_info_pk PRIMARY KEY (script)
);

INSERT INTO mosaic_schema_info (script, revision) VALUES ('main', 1)
ON CONFLICT (script) DO UPDATE SET revision = EXCLUDED.revision, applied_at = now();
