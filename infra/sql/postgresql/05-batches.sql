-- Mosaic.Orleans — PostgreSQL, part 5: files and batches of the OpenAI-compatible gateway
-- (Mosaic.Storage.Batches.IBatchStore; not an Orleans provider). Run after 01-main.sql. Idempotent.
--
-- Rows are scoped by service_id (the Orleans ServiceId), like the job store, so every gateway of a service sees them.
--   mosaic_file   uploaded files and the files a batch writes (output, errors): written once, never changed.
--   mosaic_batch  one row per batch: the gateway's record (opaque payload), its status, "open" while a gateway still has
--                 work to do on it (validate, watch its job, write its files), and a version for compare-and-set updates,
--                 so concurrent gateways never overwrite each other's step.
-- Lists are newest first with keyset paging on (created_at, id); the finaliser scans open batches through a partial
-- index. The statements live in src/Mosaic.Storage/Batches/PostgresBatchSql.cs.

CREATE TABLE IF NOT EXISTS mosaic_file
(
    service_id varchar(150)  COLLATE "C" NOT NULL,
    file_id    varchar(256)  COLLATE "C" NOT NULL,
    file_name  varchar(1024) NOT NULL,
    purpose    varchar(64)   COLLATE "C" NOT NULL,
    bytes      bigint        NOT NULL,
    content    bytea         NOT NULL,
    created_at timestamptz   NOT NULL,
    CONSTRAINT mosaic_file_pk PRIMARY KEY (service_id, file_id)
);

CREATE INDEX IF NOT EXISTS mosaic_file_created_ix ON mosaic_file (service_id, created_at DESC, file_id DESC);

CREATE TABLE IF NOT EXISTS mosaic_batch
(
    service_id varchar(150) COLLATE "C" NOT NULL,
    batch_id   varchar(256) COLLATE "C" NOT NULL,
    status     varchar(64)  COLLATE "C" NOT NULL,
    is_open    boolean      NOT NULL,
    payload    bytea        NOT NULL,
    created_at timestamptz  NOT NULL,
    updated_at timestamptz  NOT NULL DEFAULT now(),
    version    bigint       NOT NULL,
    input_file_id varchar(256) COLLATE "C" NULL,
    CONSTRAINT mosaic_batch_pk PRIMARY KEY (service_id, batch_id)
);

CREATE INDEX IF NOT EXISTS mosaic_batch_created_ix ON mosaic_batch (service_id, created_at DESC, batch_id DESC);

CREATE INDEX IF NOT EXISTS mosaic_batch_open_ix ON mosaic_batch (service_id, created_at, batch_id) WHERE is_open;

-- Revision 2: a batch names the file it reads ("input_file_id"), so deleting that file while the batch is open and
-- creating a batch on a file being deleted are refused in the store itself, not by a check that a concurrent request
-- can slip past. A database created by revision 1 gains the column here (its batches read no file as far as the
-- store knows; the gateway still checks those by their records).
ALTER TABLE mosaic_batch ADD COLUMN IF NOT EXISTS input_file_id varchar(256) COLLATE "C" NULL;
CREATE INDEX IF NOT EXISTS mosaic_batch_input_ix ON mosaic_batch (service_id, input_file_id) WHERE is_open;

INSERT INTO mosaic_schema_info (script, revision) VALUES ('batches', 2)
ON CONFLICT (script) DO UPDATE SET revision = EXCLUDED.revision, applied_at = now();
