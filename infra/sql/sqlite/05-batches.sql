-- Mosaic.Orleans — SQLite, part 5: files and batches of the OpenAI-compatible gateway
-- (Mosaic.Storage.Batches.IBatchStore; not an Orleans provider). Run after 01-main.sql. Idempotent.
--
-- Same tables as infra/sql/postgresql/05-batches.sql: mosaic_file (written once), mosaic_batch (the gateway's record,
-- its status, "open" while a gateway still has work on it, a version for compare-and-set updates). Timestamps are
-- INTEGER microseconds since 1970-01-01 UTC; booleans 0/1. The statements live in
-- src/Mosaic.Storage/Batches/SqliteBatchSql.cs.

CREATE TABLE IF NOT EXISTS mosaic_file
(
    service_id TEXT    NOT NULL,
    file_id    TEXT    NOT NULL,
    file_name  TEXT    NOT NULL,
    purpose    TEXT    NOT NULL,
    bytes      INTEGER NOT NULL,
    content    BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (service_id, file_id)
);

CREATE INDEX IF NOT EXISTS mosaic_file_created_ix ON mosaic_file (service_id, created_at DESC, file_id DESC);

CREATE TABLE IF NOT EXISTS mosaic_batch
(
    service_id TEXT    NOT NULL,
    batch_id   TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    is_open    INTEGER NOT NULL,
    payload    BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    input_file_id TEXT NULL,
    PRIMARY KEY (service_id, batch_id)
);

CREATE INDEX IF NOT EXISTS mosaic_batch_created_ix ON mosaic_batch (service_id, created_at DESC, batch_id DESC);

CREATE INDEX IF NOT EXISTS mosaic_batch_open_ix ON mosaic_batch (service_id, created_at, batch_id) WHERE is_open = 1;

-- Revision 2: a batch names the file it reads ("input_file_id"), so deleting that file while the batch is open and
-- creating a batch on a file being deleted are refused in one write transaction. SQLite has no ADD COLUMN IF NOT
-- EXISTS: the installer adds the column to a file created by revision 1 (SqliteColumnMigrations in Mosaic.Storage) and
-- then creates its index.
INSERT INTO mosaic_schema_info (script, revision) VALUES ('batches', 2)
ON CONFLICT (script) DO UPDATE SET revision = excluded.revision, applied_at = CURRENT_TIMESTAMP;
