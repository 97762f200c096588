-- Mosaic.Orleans — PostgreSQL, part 3: cluster membership (Microsoft.Orleans.Clustering.AdoNet 10.4.2).
-- Run after 01-main.sql. Idempotent: tables are created if missing; query texts are upserted.
--
-- @DeploymentId is the Orleans ClusterId. Each cluster has one row in mosaic_membership_version whose "version"
-- is the membership table's ETag: every membership insert/update passes the version it last read in @Version and
-- succeeds only if it is still current, bumping it by one in the same statement. Heartbeats (UpdateIAmAlivetimeKey)
-- do not touch the version. Silo status values are Orleans' SiloStatus (3 = Active, 6 = Dead).
-- Result column names are the ones the provider reads; the boolean queries return exactly one boolean column.

CREATE TABLE IF NOT EXISTS mosaic_membership_version
(
    deployment_id varchar(150) NOT NULL,
    version       integer      NOT NULL DEFAULT 0,
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT mosaic_membership_version_pk PRIMARY KEY (deployment_id)
);

CREATE TABLE IF NOT EXISTS mosaic_membership
(
    deployment_id   varchar(150)  NOT NULL,
    address         varchar(45)   NOT NULL,
    port            integer       NOT NULL,
    generation      integer       NOT NULL,
    silo_name       varchar(150)  NOT NULL,
    host_name       varchar(150)  NOT NULL,
    status          integer       NOT NULL,
    proxy_port      integer       NOT NULL DEFAULT 0,
    suspect_times   varchar(8000) NULL,
    start_time      timestamptz   NOT NULL,
    i_am_alive_time timestamptz   NOT NULL,
    CONSTRAINT mosaic_membership_pk PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT mosaic_membership_version_fk FOREIGN KEY (deployment_id)
        REFERENCES mosaic_membership_version (deployment_id) ON DELETE CASCADE
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Creates the cluster's version row; true when this call created it.
('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO mosaic_membership_version (deployment_id, version)
    VALUES (@DeploymentId, 0)
    ON CONFLICT ON CONSTRAINT mosaic_membership_version_pk DO NOTHING
    RETURNING 1
)
SELECT count(*) > 0 FROM created
$sql$),

-- Adds this silo's row if @Version is the current table version and the row does not exist yet; bumps the version.
('InsertMembershipKey', $sql$
WITH bumped AS (
    UPDATE mosaic_membership_version AS v
    SET version = v.version + 1,
        updated_at = now()
    WHERE v.deployment_id = @DeploymentId
      AND v.version = @Version
      AND NOT EXISTS (
          SELECT 1 FROM mosaic_membership AS m
          WHERE m.deployment_id = @DeploymentId
            AND m.address = @Address AND m.port = @Port AND m.generation = @Generation)
    RETURNING v.deployment_id
), added AS (
    INSERT INTO mosaic_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         start_time, i_am_alive_time)
    SELECT b.deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
           @StartTime, @IAmAliveTime
    FROM bumped AS b
    RETURNING 1
)
SELECT count(*) > 0 FROM added
$sql$),

-- Changes status, suspicions and heartbeat of an existing row if @Version is current; bumps the version.
('UpdateMembershipKey', $sql$
WITH bumped AS (
    UPDATE mosaic_membership_version AS v
    SET version = v.version + 1,
        updated_at = now()
    WHERE v.deployment_id = @DeploymentId
      AND v.version = @Version
      AND EXISTS (
          SELECT 1 FROM mosaic_membership AS m
          WHERE m.deployment_id = @DeploymentId
            AND m.address = @Address AND m.port = @Port AND m.generation = @Generation)
    RETURNING v.deployment_id
), changed AS (
    UPDATE mosaic_membership AS m
    SET status = @Status,
        suspect_times = @SuspectTimes,
        i_am_alive_time = @IAmAliveTime
    FROM bumped AS b
    WHERE m.deployment_id = b.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1
)
SELECT count(*) > 0 FROM changed
$sql$),

-- Heartbeat: only the silo's own i_am_alive_time; the table version is left alone.
('UpdateIAmAlivetimeKey', $sql$
UPDATE mosaic_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
$sql$),

-- All members plus the table version. With no members yet: one row with NULL member columns and the version.
('MembershipReadAllKey', $sql$
SELECT v.deployment_id    AS "DeploymentId",
       m.address          AS "Address",
       m.port             AS "Port",
       m.generation       AS "Generation",
       m.silo_name        AS "SiloName",
       m.host_name        AS "HostName",
       m.status           AS "Status",
       m.proxy_port       AS "ProxyPort",
       m.suspect_times    AS "SuspectTimes",
       m.start_time       AS "StartTime",
       m.i_am_alive_time  AS "IAmAliveTime",
       v.version          AS "Version"
FROM mosaic_membership_version AS v
LEFT JOIN mosaic_membership AS m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$sql$),

-- One member plus the table version (member columns NULL when the silo has no row).
('MembershipReadRowKey', $sql$
SELECT v.deployment_id    AS "DeploymentId",
       m.address          AS "Address",
       m.port             AS "Port",
       m.generation       AS "Generation",
       m.silo_name        AS "SiloName",
       m.host_name        AS "HostName",
       m.status           AS "Status",
       m.proxy_port       AS "ProxyPort",
       m.suspect_times    AS "SuspectTimes",
       m.start_time       AS "StartTime",
       m.i_am_alive_time  AS "IAmAliveTime",
       v.version          AS "Version"
FROM mosaic_membership_version AS v
LEFT JOIN mosaic_membership AS m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$sql$),

-- Gateways for clients: silos with the requested status (Active) that expose a gateway port.
('GatewaysQueryKey', $sql$
SELECT m.address    AS "Address",
       m.proxy_port AS "ProxyPort",
       m.generation AS "Generation"
FROM mosaic_membership AS m
WHERE m.deployment_id = @DeploymentId
  AND m.status = @Status
  AND m.proxy_port > 0
$sql$),

-- Removes a whole cluster (members first via the cascade, then the version row).
('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM mosaic_membership_version
WHERE deployment_id = @DeploymentId
$sql$),

-- Periodic clean-up: dead silos whose last heartbeat is older than @IAmAliveTime. No version bump (dead rows carry
-- no membership decisions any more).
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM mosaic_membership
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND i_am_alive_time < @IAmAliveTime
$sql$),

-- Optional in 10.4.2 (used when present): removes one dead silo only if its row still holds the values the caller
-- read (start time, heartbeat, suspicions), so a concurrent change keeps the row.
('CleanupDefunctSiloEntryKey', $sql$
DELETE FROM mosaic_membership
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND address = @Address AND port = @Port AND generation = @Generation
  AND start_time = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND COALESCE(suspect_times, '') = COALESCE(@SuspectTimes, '')
$sql$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO mosaic_schema_info (script, revision) VALUES ('clustering', 1)
ON CONFLICT (script) DO UPDATE SET revision = EXCLUDED.revision, applied_at = now();
