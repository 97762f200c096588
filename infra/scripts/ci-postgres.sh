#!/usr/bin/env bash
# Provides a local PostgreSQL server for the Mosaic.Storage tests (CI containers, dev machines).
#
#   - installs PostgreSQL from the Debian packages when no server is installed;
#   - starts the newest installed cluster (pg_ctlcluster; no systemd needed), creating one if none exists;
#   - creates the role mosaic/mosaic and the database mosaic_test (idempotent);
#   - prints the line that exports MOSAIC_TEST_POSTGRES.
#
# Usage (as root, or as a user that may sudo to postgres):
#   eval "$(infra/scripts/ci-postgres.sh | tail -n 1)"
# Environment: MOSAIC_PG_PORT (default 5432), MOSAIC_PG_USER, MOSAIC_PG_PASSWORD (default mosaic),
#              MOSAIC_PG_DATABASE (default mosaic_test).
set -euo pipefail

port="${MOSAIC_PG_PORT:-5432}"
user="${MOSAIC_PG_USER:-mosaic}"
password="${MOSAIC_PG_PASSWORD:-mosaic}"
database="${MOSAIC_PG_DATABASE:-mosaic_test}"

log() { echo "ci-postgres: $*" >&2; }

run_as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
    else
        sudo -n -u postgres "$@"
    fi
}

newest_version() {
    ls -1 /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1
}

if [ -z "$(newest_version)" ] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
    log "installing PostgreSQL from the Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi

version="$(newest_version)"
if [ -z "$version" ]; then
    log "no PostgreSQL server found under /usr/lib/postgresql after installation"
    exit 1
fi

cluster_field() { pg_lsclusters -h 2>/dev/null | awk -v v="$version" -v f="$1" '$1 == v && $2 == "main" { print $f }'; }

if [ -z "$(cluster_field 2)" ]; then
    log "creating cluster $version/main on port $port"
    pg_createcluster "$version" main --port "$port" >&2
fi

cluster_port="$(cluster_field 3)"
if [ "$cluster_port" != "$port" ]; then
    log "cluster $version/main listens on port $cluster_port (MOSAIC_PG_PORT=$port ignored)"
    port="$cluster_port"
fi

if [ "$(cluster_field 4)" = "online" ]; then
    log "cluster $version/main already running on port $port"
else
    log "starting cluster $version/main on port $port"
    pg_ctlcluster "$version" main start >&2
fi

# Wait until the server accepts connections.
for _ in $(seq 1 60); do
    if run_as_postgres psql -p "$port" -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1; then break; fi
    sleep 0.5
done
run_as_postgres psql -p "$port" -d postgres -Atqc 'SELECT 1' >/dev/null

# Role and database, idempotently. The names are plain identifiers; the password is passed as a psql variable.
run_as_postgres psql -p "$port" -d postgres -v ON_ERROR_STOP=1 -q \
    -v role="$user" -v pwd="$password" >&2 <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'pwd')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'role', :'pwd') \gexec
SQL
run_as_postgres psql -p "$port" -d postgres -v ON_ERROR_STOP=1 -q \
    -v db="$database" -v role="$user" >&2 <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL

connection="Host=127.0.0.1;Port=$port;Username=$user;Password=$password;Database=$database"

# Check the login over TCP (password authentication), as the tests will connect.
if ! PGPASSWORD="$password" psql "host=127.0.0.1 port=$port user=$user dbname=$database" -Atqc 'SELECT 1' >/dev/null; then
    log "cannot log in as $user over TCP on 127.0.0.1:$port (check pg_hba.conf)"
    exit 1
fi

log "ready: $connection"
echo "export MOSAIC_TEST_POSTGRES='$connection'"
