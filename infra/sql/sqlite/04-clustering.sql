-- Mosaic.Orleans — SQLite, part 4: cluster membership (Microsoft.Orleans.Clustering.AdoNet 10.4.2, invariant
-- "System.Data.SQLite", which Orleans maps to Microsoft.Data.Sqlite). Orleans ships no SQLite clustering SQL; this is
-- Mosaic's own, written against the same contract as infra/sql/postgresql/03-clustering.sql, so several silo processes
-- on one machine can cluster through one file, with no primary silo to lose. Opt-in: Mosaic:Storage:SqliteClustering.
-- Run after 01-main.sql (WAL). Idempotent: tables and triggers are created if missing; query texts are upserted.
--
-- @DeploymentId is the Orleans ClusterId; mosaic_membership_version.version is the membership table's ETag.
-- SQLite allows no data-modifying CTEs, so the version bump rides on triggers: inserting a member, or an UPDATE that
-- names status or suspect_times, bumps the cluster's version inside the same statement. Each conditional write is
-- therefore ONE statement (checks, write and bump are atomic: SQLite runs one writer at a time), followed by a
-- read-only SELECT changes() > 0 that reports whether it wrote (changes() counts direct changes only, never the
-- trigger's). Heartbeats set only i_am_alive_time, so they do not bump the version.
-- Times are the TEXT Microsoft.Data.Sqlite writes for a DateTime ('yyyy-MM-dd HH:mm:ss.FFFFFFF', UTC): they compare
-- correctly as strings. Silo status values are Orleans' SiloStatus (3 = Active, 6 = Dead).
-- Inside the query texts below, '' is an escaped quote.

CREATE TABLE IF NOT EXISTS mosaic_membership_version
(
    deployment_id TEXT    NOT NULL PRIMARY KEY,
    version       INTEGER NOT NULL DEFAULT 0,
    updated_at    TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS mosaic_membership
(
    deployment_id   TEXT    NOT NULL,
    address         TEXT    NOT NULL,
    port            INTEGER NOT NULL,
    generation      INTEGER NOT NULL,
    silo_name       TEXT    NOT NULL,
    host_name       TEXT    NOT NULL,
    status          INTEGER NOT NULL,
    proxy_port      INTEGER NOT NULL DEFAULT 0,
    suspect_times   TEXT    NULL,
    start_time      TEXT    NOT NULL,
    i_am_alive_time TEXT    NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

CREATE TRIGGER IF NOT EXISTS mosaic_membership_inserted AFTER INSERT ON mosaic_membership
BEGIN
    UPDATE mosaic_membership_version
    SET version = version + 1, updated_at = CURRENT_TIMESTAMP
    WHERE deployment_id = NEW.deployment_id;
END;

CREATE TRIGGER IF NOT EXISTS mosaic_membership_updated AFTER UPDATE OF status, suspect_times ON mosaic_membership
BEGIN
    UPDATE mosaic_membership_version
    SET version = version + 1, updated_at = CURRENT_TIMESTAMP
    WHERE deployment_id = NEW.deployment_id;
END;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Creates the cluster's version row; true when this call created it.
('InsertMembershipVersionKey', '
INSERT INTO mosaic_membership_version (deployment_id, version) VALUES (@DeploymentId, 0)
ON CONFLICT (deployment_id) DO NOTHING;
SELECT changes() > 0;
'),

-- Adds this silo if @Version is the current table version and the row does not exist yet (the trigger bumps the version).
('InsertMembershipKey', '
INSERT INTO mosaic_membership
    (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
SELECT @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
WHERE EXISTS (
        SELECT 1 FROM mosaic_membership_version
        WHERE deployment_id = @DeploymentId AND version = @Version)
  AND NOT EXISTS (
        SELECT 1 FROM mosaic_membership
        WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation);
SELECT changes() > 0;
'),

-- Changes status, suspicions and heartbeat of an existing row if @Version is current (the trigger bumps the version).
('UpdateMembershipKey', '
UPDATE mosaic_membership
SET status = @Status,
    suspect_times = @SuspectTimes,
    i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
  AND EXISTS (
        SELECT 1 FROM mosaic_membership_version
        WHERE deployment_id = @DeploymentId AND version = @Version);
SELECT changes() > 0;
'),

-- Heartbeat: only i_am_alive_time, so no trigger fires and the version stays.
('UpdateIAmAlivetimeKey', '
UPDATE mosaic_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation;
'),

-- All members plus the table version; with no members, one row with NULL member columns.
('MembershipReadAllKey', '
SELECT v.deployment_id   AS DeploymentId,
       m.address         AS Address,
       m.port            AS Port,
       m.generation      AS Generation,
       m.silo_name       AS SiloName,
       m.host_name       AS HostName,
       m.status          AS Status,
       m.proxy_port      AS ProxyPort,
       m.suspect_times   AS SuspectTimes,
       m.start_time      AS StartTime,
       m.i_am_alive_time AS IAmAliveTime,
       v.version         AS Version
FROM mosaic_membership_version AS v
LEFT JOIN mosaic_membership AS m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
'),

-- One member plus the table version (member columns NULL when the silo has no row).
('MembershipReadRowKey', '
SELECT v.deployment_id   AS DeploymentId,
       m.address         AS Address,
       m.port            AS Port,
       m.generation      AS Generation,
       m.silo_name       AS SiloName,
       m.host_name       AS HostName,
       m.status          AS Status,
       m.proxy_port      AS ProxyPort,
       m.suspect_times   AS SuspectTimes,
       m.start_time      AS StartTime,
       m.i_am_alive_time AS IAmAliveTime,
       v.version         AS Version
FROM mosaic_membership_version AS v
LEFT JOIN mosaic_membership AS m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
'),

-- Gateways for clients: silos with the requested status (Active) that expose a gateway port.
('GatewaysQueryKey', '
SELECT address    AS Address,
       proxy_port AS ProxyPort,
       generation AS Generation
FROM mosaic_membership
WHERE deployment_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0;
'),

-- Removes a whole cluster.
('DeleteMembershipTableEntriesKey', '
DELETE FROM mosaic_membership WHERE deployment_id = @DeploymentId;
DELETE FROM mosaic_membership_version WHERE deployment_id = @DeploymentId;
'),

-- Periodic clean-up: dead silos whose last heartbeat is older than @IAmAliveTime (no version bump).
('CleanupDefunctSiloEntriesKey', '
DELETE FROM mosaic_membership
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND i_am_alive_time < @IAmAliveTime;
'),

-- Removes one dead silo only if its row still holds the values the caller read.
('CleanupDefunctSiloEntryKey', '
DELETE FROM mosaic_membership
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND address = @Address AND port = @Port AND generation = @Generation
  AND start_time = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND COALESCE(suspect_times, '''') = COALESCE(@SuspectTimes, '''');
')

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO mosaic_schema_info (script, revision) VALUES ('clustering', 1)
ON CONFLICT (script) DO UPDATE SET revision = excluded.revision, applied_at = CURRENT_TIMESTAMP;
