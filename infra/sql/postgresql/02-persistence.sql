-- Mosaic.Orleans — PostgreSQL, part 2: grain state (Microsoft.Orleans.Persistence.AdoNet 10.4.2).
-- Run after 01-main.sql. Idempotent: tables are created if missing; query texts are upserted.
--
-- One row per (service, state name, grain). The provider hands every query the same identity parameters:
--   @ServiceId text, @GrainTypeHash int, @GrainTypeString text (the state name, generic details stripped),
--   @GrainIdHash int, @GrainIdN0 bigint, @GrainIdN1 bigint, @GrainIdExtensionString text (may be NULL).
-- A NULL key extension is stored as '' so that the whole identity can be the primary key.
--
-- Optimistic concurrency: "version" is the grain's ETag. A write or clear carries the ETag the grain holds in
-- @GrainStateVersion (NULL = "I have never seen a row"). It changes the row only when the stored version equals
-- that ETag (or, for NULL, when no row exists yet) and returns the new version; otherwise it returns no row, and
-- the provider raises InconsistentStateException. Each query is a single statement, so it is atomic; concurrent
-- writers are serialised by the row lock (UPDATE) or the primary key (INSERT ... ON CONFLICT DO NOTHING).

CREATE TABLE IF NOT EXISTS mosaic_grain_state
(
    service_id      varchar(150)  NOT NULL,
    grain_type_hash integer       NOT NULL,
    grain_type      varchar(512)  NOT NULL,
    grain_id_hash   integer       NOT NULL,
    grain_id_n0     bigint        NOT NULL,
    grain_id_n1     bigint        NOT NULL,
    grain_id_ext    varchar(1024) NOT NULL DEFAULT '',
    payload         bytea         NULL,
    version         integer       NOT NULL,
    modified_at     timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT mosaic_grain_state_pk PRIMARY KEY
        (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type, grain_id_ext)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Zero rows: no record. One row: the payload (NULL after a clear) and the version (the ETag).
('ReadFromStorageKey', $sql$
SELECT s.payload AS "PayloadBinary",
       s.version AS "Version"
FROM mosaic_grain_state AS s
WHERE s.grain_id_hash = @GrainIdHash
  AND s.grain_type_hash = @GrainTypeHash
  AND s.service_id = @ServiceId
  AND s.grain_id_n0 = @GrainIdN0
  AND s.grain_id_n1 = @GrainIdN1
  AND s.grain_type = @GrainTypeString
  AND s.grain_id_ext = COALESCE(@GrainIdExtensionString, '')
$sql$),

-- Returns one row "NewGrainStateVersion" on success, no row on a version conflict.
('WriteToStorageKey', $sql$
WITH updated AS (
    UPDATE mosaic_grain_state AS s
    SET payload = @PayloadBinary,
        version = s.version + 1,
        modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND s.version = @GrainStateVersion
      AND s.grain_id_hash = @GrainIdHash
      AND s.grain_type_hash = @GrainTypeHash
      AND s.service_id = @ServiceId
      AND s.grain_id_n0 = @GrainIdN0
      AND s.grain_id_n1 = @GrainIdN1
      AND s.grain_type = @GrainTypeString
      AND s.grain_id_ext = COALESCE(@GrainIdExtensionString, '')
    RETURNING s.version
), inserted AS (
    INSERT INTO mosaic_grain_state
        (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
    SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1,
           COALESCE(@GrainIdExtensionString, ''), @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT mosaic_grain_state_pk DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
$sql$),

-- Keeps the row, drops the payload and bumps the version (DeleteStateOnClear = false, the default).
('ClearStorageKey', $sql$
WITH cleared AS (
    UPDATE mosaic_grain_state AS s
    SET payload = NULL,
        version = s.version + 1,
        modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND s.version = @GrainStateVersion
      AND s.grain_id_hash = @GrainIdHash
      AND s.grain_type_hash = @GrainTypeHash
      AND s.service_id = @ServiceId
      AND s.grain_id_n0 = @GrainIdN0
      AND s.grain_id_n1 = @GrainIdN1
      AND s.grain_type = @GrainTypeString
      AND s.grain_id_ext = COALESCE(@GrainIdExtensionString, '')
    RETURNING s.version
), inserted AS (
    INSERT INTO mosaic_grain_state
        (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
    SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1,
           COALESCE(@GrainIdExtensionString, ''), NULL, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT mosaic_grain_state_pk DO NOTHING
    RETURNING version
)
SELECT version AS "Version" FROM cleared
UNION ALL
SELECT version FROM inserted
$sql$),

-- Removes the row (DeleteStateOnClear = true). Returns the deleted version + 1, which is what the provider checks
-- against the ETag; no row on a version conflict.
('DeleteStorageKey', $sql$
WITH deleted AS (
    DELETE FROM mosaic_grain_state AS s
    WHERE s.version = @GrainStateVersion
      AND s.grain_id_hash = @GrainIdHash
      AND s.grain_type_hash = @GrainTypeHash
      AND s.service_id = @ServiceId
      AND s.grain_id_n0 = @GrainIdN0
      AND s.grain_id_n1 = @GrainIdN1
      AND s.grain_type = @GrainTypeString
      AND s.grain_id_ext = COALESCE(@GrainIdExtensionString, '')
    RETURNING s.version
)
SELECT version + 1 AS "Version" FROM deleted
$sql$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO mosaic_schema_info (script, revision) VALUES ('persistence', 1)
ON CONFLICT (script) DO UPDATE SET revision = EXCLUDED.revision, applied_at = now();
