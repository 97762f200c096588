-- Mosaic.Orleans — SQLite, part 2: grain state (Microsoft.Orleans.Persistence.AdoNet 10.4.2).
-- Run after 01-main.sql. Idempotent: the table is created if missing; query texts are upserted.
-- Needs SQLite 3.35 or newer (RETURNING); Microsoft.Data.Sqlite 10 bundles a newer one.
--
-- Same contract as the PostgreSQL version (see infra/sql/postgresql/02-persistence.sql): one row per
-- (service, state name, grain); "version" is the ETag; a write or clear changes the row only when the stored version
-- equals @GrainStateVersion (or, when that is NULL, when no row exists yet) and returns the new version, otherwise no
-- row (the provider then raises InconsistentStateException).
-- SQLite allows no data-modifying CTEs, so each query is two statements: an UPDATE that can only match when
-- @GrainStateVersion is not NULL and an INSERT that can only run when it is NULL. Exactly one of them can return
-- a row; each is atomic on its own and SQLite serialises writers.
-- Inside the query texts below, '' is an escaped quote: COALESCE(x, '''') stores a NULL key extension as ''.

CREATE TABLE IF NOT EXISTS mosaic_grain_state
(
    service_id      TEXT    NOT NULL,
    grain_type_hash INTEGER NOT NULL,
    grain_type      TEXT    NOT NULL,
    grain_id_hash   INTEGER NOT NULL,
    grain_id_n0     INTEGER NOT NULL,
    grain_id_n1     INTEGER NOT NULL,
    grain_id_ext    TEXT    NOT NULL DEFAULT '',
    payload         BLOB    NULL,
    version         INTEGER NOT NULL,
    modified_at     TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type, grain_id_ext)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Zero rows: no record. One row: the payload (NULL after a clear) and the version (the ETag).
('ReadFromStorageKey', '
SELECT payload AS PayloadBinary,
       version AS Version
FROM mosaic_grain_state
WHERE grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_type = @GrainTypeString
  AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''');
'),

-- One row "NewGrainStateVersion" on success, no row on a version conflict.
('WriteToStorageKey', '
UPDATE mosaic_grain_state
SET payload = @PayloadBinary,
    version = version + 1,
    modified_at = CURRENT_TIMESTAMP
WHERE @GrainStateVersion IS NOT NULL
  AND version = @GrainStateVersion
  AND grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_type = @GrainTypeString
  AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')
RETURNING version AS NewGrainStateVersion;

INSERT INTO mosaic_grain_state
    (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1,
       COALESCE(@GrainIdExtensionString, ''''), @PayloadBinary, 1
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;
'),

-- Keeps the row, drops the payload and bumps the version (DeleteStateOnClear = false, the default).
('ClearStorageKey', '
UPDATE mosaic_grain_state
SET payload = NULL,
    version = version + 1,
    modified_at = CURRENT_TIMESTAMP
WHERE @GrainStateVersion IS NOT NULL
  AND version = @GrainStateVersion
  AND grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_type = @GrainTypeString
  AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')
RETURNING version AS Version;

INSERT INTO mosaic_grain_state
    (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1,
       COALESCE(@GrainIdExtensionString, ''''), NULL, 1
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS Version;
'),

-- Removes the row (DeleteStateOnClear = true); returns the deleted version + 1, no row on a version conflict.
('DeleteStorageKey', '
DELETE FROM mosaic_grain_state
WHERE version = @GrainStateVersion
  AND grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_type = @GrainTypeString
  AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')
RETURNING version + 1 AS Version;
')

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO mosaic_schema_info (script, revision) VALUES ('persistence', 1)
ON CONFLICT (script) DO UPDATE SET revision = excluded.revision, applied_at = CURRENT_TIMESTAMP;
