-- Mosaic.Orleans — SQLite, part 1: the query catalogue (invariant "System.Data.SQLite", driver Microsoft.Data.Sqlite).
--
-- Every Orleans ADO.NET provider loads its SQL at start-up with
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- so this table must exist before 02-persistence.sql registers its queries in it.
-- SQLite has no Orleans clustering provider: an embedded silo uses localhost clustering and this file for grain state.
--
-- Idempotent: safe to run any number of times (sqlite3 mosaic.db < 01-main.sql).

-- Write-ahead logging: readers do not block the writer. The setting is stored in the database file.
PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- Records which Mosaic script revision last ran; purely informational.
CREATE TABLE IF NOT EXISTS mosaic_schema_info
(
    script     TEXT    NOT NULL PRIMARY KEY,
    revision   INTEGER NOT NULL,
    applied_at TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO mosaic_schema_info (script, revision) VALUES ('main', 1)
ON CONFLICT (script) DO UPDATE SET revision = excluded.revision, applied_at = CURRENT_TIMESTAMP;
