#!/usr/bin/env bash
# A real multi-process Mosaic cluster on this machine: PostgreSQL (started as CI starts it), N silo processes that
# cluster through its membership table (ADO.NET clustering, as in Kubernetes), and one HTTP gateway process when the
# checkout has src/Mosaic.Gateway (otherwise silos only; `up` says so).
#
#   infra/scripts/local-cluster.sh up [--silos N] [--pool FILE] [--dashboard] [--no-gateway] [--no-build]
#                                                                               start (N = 3 by default)
#   infra/scripts/local-cluster.sh status                                       what runs, pids, readiness
#   infra/scripts/local-cluster.sh down                                         stop everything it started
#   infra/scripts/local-cluster.sh start-silo I [--no-build]                    (re)start silo I alone, e.g. after kill -9
#   infra/scripts/local-cluster.sh stop-silo I [--kill]                         stop silo I (SIGTERM, or SIGKILL)
#
# Silo I is worker gpuI with silo port SILO_PORT+I, Orleans gateway port GATEWAY_PORT+I and admin port ADMIN_PORT+I
# (http://127.0.0.1:<admin>/healthz, /readyz, /metrics, /dashboard/). The gateway listens on http://127.0.0.1:HTTP_PORT
# (Development, no API key, unless MOSAIC_LOCAL_API_KEY is set) and joins the silos through the same database; the
# pool it serves comes from its own appsettings.json or from Mosaic__Pool__* in the environment. Logs are JSON lines
# in the state folder. --pool FILE gives every silo its models from a pool file (the format of `mosaic run --config`,
# e.g. models/zoo/pool.json: real TorchSharp models), and the gateway is then `mosaic serve --cluster` serving that
# pool (the gateway host reads its pool from settings, not files); `mosaic run --cluster postgres:CONNECTION --config
# FILE` submits batches as an Orleans client. Each silo gets an equal share of the cores for its TorchSharp threads
# (Mosaic__Threads overrides).
#
# Environment (all optional):
#   MOSAIC_LOCAL_DIR         state folder: pids, logs, settings (default ${TMPDIR:-/tmp}/mosaic-local-cluster)
#   MOSAIC_LOCAL_POSTGRES    connection string; without it infra/scripts/ci-postgres.sh installs/starts PostgreSQL
#                            and creates the database mosaic_local (needs root or sudo to the postgres user)
#   MOSAIC_LOCAL_CLUSTER_ID  Orleans cluster id and service id (default "local")
#   MOSAIC_LOCAL_SILO_PORT, MOSAIC_LOCAL_GATEWAY_PORT, MOSAIC_LOCAL_ADMIN_PORT, MOSAIC_LOCAL_HTTP_PORT
#                            first ports (defaults 11111, 30000, 8081, 8080 for the gateway's HTTP port)
#   MOSAIC_LOCAL_CONFIGURATION  build configuration (default Release)
#   MOSAIC_LOCAL_API_KEY     the gateway's one API key (then it runs as Production and requires it)
# Anything else the silos read can be passed through the environment, e.g. Mosaic__TimeScale=0.1 (docs/deploy.md).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${MOSAIC_LOCAL_DIR:-${TMPDIR:-/tmp}/mosaic-local-cluster}"
configuration="${MOSAIC_LOCAL_CONFIGURATION:-Release}"
silo_dll="$repo/src/Mosaic.Silo/bin/$configuration/net10.0/Mosaic.Silo.dll"
gateway_project="$repo/src/Mosaic.Gateway"
gateway_dll="$gateway_project/bin/$configuration/net10.0/Mosaic.Gateway.dll"
cli_project="$repo/src/Mosaic.Cli"
cli_dll="$cli_project/bin/$configuration/net10.0/mosaic.dll"

log() { echo "local-cluster: $*" >&2; }
fail() { log "$*"; exit 1; }

usage() {
    sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# A SIGKILLed silo whose parent shell has exited stays a zombie until its new parent reaps it (a container's first
# process may never do), and kill -0 still succeeds on a zombie: it counts as dead here.
pid_alive() {
    [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
    local state
    state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1 || true)"
    [ "$state" != Z ] && [ "$state" != X ]
}

read_pid() { [ -f "$1" ] && cat "$1" || true; }

http_code() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true; }

# Settings chosen at `up` are kept in $dir/cluster.env so that status, start-silo and down use the same ones.
load_settings() {
    [ -f "$dir/cluster.env" ] || fail "no cluster in $dir (run: $0 up)"
    gateway=false api_key="" pool=""
    # shellcheck disable=SC1091
    . "$dir/cluster.env"
}

save_settings() {
    mkdir -p "$dir"
    {
        printf 'silos=%q\n' "$silos"
        printf 'cluster_id=%q\n' "$cluster_id"
        printf 'postgres=%q\n' "$postgres"
        printf 'silo_port=%q\ngateway_port=%q\nadmin_port=%q\nhttp_port=%q\n' "$silo_port" "$gateway_port" "$admin_port" "$http_port"
        printf 'dashboard=%q\ndashboard_password=%q\n' "$dashboard" "$dashboard_password"
        printf 'gateway=%q\napi_key=%q\npool=%q\n' "$gateway" "$api_key" "$pool"
    } > "$dir/cluster.env"
    chmod 600 "$dir/cluster.env"
}

build() {
    log "building src/Mosaic.Silo ($configuration)"
    dotnet build "$repo/src/Mosaic.Silo" -c "$configuration" -nologo -v quiet >&2
    if [ "$gateway" = true ] && [ -n "$pool" ]; then
        log "building src/Mosaic.Cli ($configuration)"
        dotnet build "$cli_project" -c "$configuration" -nologo -v quiet >&2
    elif [ "$gateway" = true ]; then
        log "building src/Mosaic.Gateway ($configuration)"
        dotnet build "$gateway_project" -c "$configuration" -nologo -v quiet >&2
    fi
}

# What silos and the gateway must agree on: the database (storage and membership) and the cluster's ids.
export_cluster_settings() {
    export Mosaic__Storage__Provider=postgres
    export Mosaic__Storage__ConnectionString="$postgres"
    export Silo__ClusterId="$cluster_id" Silo__ServiceId="$cluster_id"
}

start_silo() {
    local i="$1"
    local pid_file="$dir/silo-$i.pid"
    pid_alive "$(read_pid "$pid_file")" && fail "silo $i already runs (pid $(read_pid "$pid_file"))"
    [ -f "$silo_dll" ] || fail "$silo_dll is missing (build first, or drop --no-build)"
    (
        cd "$dir"
        export_cluster_settings
        export Silo__Name="gpu$i" Silo__JsonLogs=true
        if [ "$dashboard" = true ]; then
            export Silo__Dashboard__Enabled=true Silo__Dashboard__Username=admin Silo__Dashboard__Password="$dashboard_password"
        fi
        export Mosaic__Threads="${Mosaic__Threads:-$(( $(nproc) / silos > 0 ? $(nproc) / silos : 1 ))}"
        exec dotnet "$silo_dll" --worker "gpu$i" --silo-port $((silo_port + i)) --gateway-port $((gateway_port + i)) \
            --admin-port $((admin_port + i)) ${pool:+--pool "$pool"}
    ) >> "$dir/silo-$i.log" 2>&1 < /dev/null &
    echo $! > "$pid_file"
    log "silo $i (gpu$i) started, pid $!"
}

start_gateway() {
    local pid_file="$dir/gateway.pid"
    pid_alive "$(read_pid "$pid_file")" && fail "the gateway already runs (pid $(read_pid "$pid_file"))"
    if [ -n "$pool" ]; then
        start_serve
        return
    fi
    [ -f "$gateway_dll" ] || fail "$gateway_dll is missing (build first, or drop --no-build)"
    (
        cd "$dir"
        export_cluster_settings
        export ASPNETCORE_URLS="http://127.0.0.1:$http_port" ASPNETCORE_CONTENTROOT="$(dirname "$gateway_dll")"
        # The pool the gateway serves: the silos' default experts (src/Mosaic.Silo/appsettings.json) and aggregator.
        export Mosaic__Pool__Experts__0=Gemma Mosaic__Pool__Experts__1=QwenR1 Mosaic__Pool__Experts__2=Qwen \
            Mosaic__Pool__Experts__3=LlamaR1 Mosaic__Pool__Experts__4=Exaone Mosaic__Pool__Experts__5=GLM \
            Mosaic__Pool__Aggregator=Agg
        export Logging__Console__FormatterName=json
        if [ -n "$api_key" ]; then
            export ASPNETCORE_ENVIRONMENT=Production Mosaic__Gateway__ApiKeys__0="$api_key"
        else
            export ASPNETCORE_ENVIRONMENT=Development
        fi
        exec dotnet "$gateway_dll"
    ) >> "$dir/gateway.log" 2>&1 < /dev/null &
    echo $! > "$pid_file"
    log "gateway started, pid $!"
}

# With --pool: the CLI's gateway in front of the silos, serving the pool file (`mosaic serve --cluster`).
start_serve() {
    local pid_file="$dir/gateway.pid"
    [ -f "$cli_dll" ] || fail "$cli_dll is missing (build first, or drop --no-build)"
    (
        cd "$dir"
        # The connection string and the API key go in the environment, not on a command line any local user can read.
        export Logging__Console__FormatterName=json # JSON lines, as the silos and the standalone gateway write them
        [ -z "$api_key" ] || export Mosaic__Gateway__ApiKeys__0="$api_key"
        MOSAIC_CLUSTER="postgres:$postgres" exec dotnet "$cli_dll" serve --cluster-id "$cluster_id" --service-id "$cluster_id" \
            --config "$pool" --host 127.0.0.1 --port "$http_port"
    ) >> "$dir/gateway.log" 2>&1 < /dev/null &
    echo $! > "$pid_file"
    log "gateway (mosaic serve --cluster, pool $pool) started, pid $!"
}

# Why a process that wrote log_file exited: its one-line error, else the unhandled exception's first line, else the log's end.
exit_reason() {
    grep -m 1 -E '^(error: |Unhandled exception\. )' "$1" || tail -n 3 "$1"
}

# Waits until GET url answers 200 (with a body containing expected, when given) from the process in pid_file, for
# at most 180 s. Another process answering on the port (a second cluster on a shared machine) is not taken for this
# one: the process must still live after the answer, and a silo's /readyz names its own silo port.
wait_http() {
    local name="$1" url="$2" pid_file="$3" log_file="$4" expected="${5:-}" deadline=$((SECONDS + 180)) body
    while true; do
        body="$(curl -s -m 2 -w '\n%{http_code}' "$url" 2>/dev/null || true)"
        pid_alive "$(read_pid "$pid_file")" || fail "$name exited; see $log_file: $(exit_reason "$log_file")"
        if [ "${body##*$'\n'}" = 200 ]; then
            [ -z "$expected" ] || [[ "$body" == *"$expected"* ]] && return 0
        fi
        [ $SECONDS -lt $deadline ] || fail "$name not ready after 180 s ($url${expected:+ answering for $expected}); see $log_file"
        sleep 0.5
    done
}

wait_ready() {
    wait_http "silo $1" "http://127.0.0.1:$((admin_port + $1))/readyz" "$dir/silo-$1.pid" "$dir/silo-$1.log" ":$((silo_port + $1))@"
}

# An `up` that fails half-way stops what it started, so that no silo is left running that the message does not name.
stop_started() {
    local code=$?
    [ "$code" -ne 0 ] || return 0
    log "up failed: stopping the processes it started"
    stop_all >&2
    exit "$code"
}

# The gateway first (it answers what it has), then every silo.
stop_all() {
    stop_pid gateway "$dir/gateway.pid"
    for i in $(seq 0 $((silos - 1))); do stop_pid "silo $i" "$dir/silo-$i.pid"; done
}

stop_pid() {
    local name="$1" pid_file="$2" signal="${3:-TERM}" pid
    pid="$(read_pid "$pid_file")"
    if pid_alive "$pid"; then
        kill "-$signal" "$pid"
        for _ in $(seq 1 60); do pid_alive "$pid" || break; sleep 0.5; done
        if pid_alive "$pid"; then
            log "$name (pid $pid) did not stop within 30 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        log "$name (pid $pid) stopped"
    fi
    rm -f "$pid_file"
}

print_status() {
    local i pid state
    printf '%-8s %-8s %-8s %-6s %-6s %-32s %s\n' NAME PID STATE SILO GW ADMIN LOG
    for i in $(seq 0 $((silos - 1))); do
        pid="$(read_pid "$dir/silo-$i.pid")"
        if ! pid_alive "$pid"; then state=stopped
        elif [ "$(http_code "http://127.0.0.1:$((admin_port + i))/readyz")" = 200 ]; then state=ready
        else state=starting; fi
        printf '%-8s %-8s %-8s %-6s %-6s %-32s %s\n' "gpu$i" "${pid:--}" "$state" $((silo_port + i)) $((gateway_port + i)) \
            "http://127.0.0.1:$((admin_port + i))" "$dir/silo-$i.log"
    done
    if [ "$gateway" = true ]; then
        pid="$(read_pid "$dir/gateway.pid")"
        if ! pid_alive "$pid"; then state=stopped
        elif [ "$(http_code "http://127.0.0.1:$http_port/readyz")" = 200 ]; then state=ready
        else state=starting; fi
        printf '%-8s %-8s %-8s %-6s %-6s %-32s %s\n' gateway "${pid:--}" "$state" - - "http://127.0.0.1:$http_port" "$dir/gateway.log"
    else
        echo "gateway: none (no src/Mosaic.Gateway in this checkout, or --no-gateway): silos only"
    fi
    echo "cluster id: $cluster_id (membership: SELECT silo_name, address, port, status FROM mosaic_membership WHERE deployment_id = '$cluster_id')"
    echo "orleans clients: ADO.NET clustering on the PostgreSQL database of the silos, ClusterId = ServiceId = $cluster_id"
    if [ -n "$pool" ]; then
        echo "pool: $pool (submit: mosaic run -i requests.jsonl -o results.jsonl --config $pool --cluster \"postgres:\$(. $dir/cluster.env && echo \"\$postgres\")\" --cluster-id $cluster_id --service-id $cluster_id)"
    fi
    if [ "$dashboard" = true ]; then
        echo "dashboard: http://127.0.0.1:$admin_port/dashboard/ (user admin, password in $dir/cluster.env)"
    fi
}

command="${1:-}"
[ -n "$command" ] || usage
shift

case "$command" in
up)
    silos=3 dashboard=false no_build=false gateway=false pool=""
    [ ! -d "$gateway_project" ] || gateway=true
    while [ $# -gt 0 ]; do
        case "$1" in
            --silos) silos="${2:?--silos needs a number}"; shift 2 ;;
            --dashboard) dashboard=true; shift ;;
            --no-build) no_build=true; shift ;;
            --no-gateway) gateway=false; shift ;;
            --pool) pool="${2:?--pool needs a file}"; shift 2 ;;
            *) usage ;;
        esac
    done
    if [ -n "$pool" ]; then
        [ -f "$pool" ] || fail "--pool: no file '$pool'"
        pool="$(cd "$(dirname "$pool")" && pwd)/$(basename "$pool")"
    fi
    [[ "$silos" =~ ^[1-9][0-9]*$ ]] || fail "--silos must be a positive number, got '$silos'"
    if [ -f "$dir/cluster.env" ]; then
        (load_settings; pid_alive "$(read_pid "$dir/gateway.pid")" && exit 1
         for i in $(seq 0 $((silos - 1))); do pid_alive "$(read_pid "$dir/silo-$i.pid")" && exit 1; done; exit 0) \
            || fail "a cluster already runs from $dir (run: $0 down)"
    fi
    cluster_id="${MOSAIC_LOCAL_CLUSTER_ID:-local}"
    silo_port="${MOSAIC_LOCAL_SILO_PORT:-11111}" gateway_port="${MOSAIC_LOCAL_GATEWAY_PORT:-30000}"
    admin_port="${MOSAIC_LOCAL_ADMIN_PORT:-8081}" http_port="${MOSAIC_LOCAL_HTTP_PORT:-8080}"
    dashboard_password="" api_key="${MOSAIC_LOCAL_API_KEY:-}"
    [ "$gateway" = true ] || log "no gateway: src/Mosaic.Gateway is not in this checkout (or --no-gateway); starting silos only"
    [ "$dashboard" = false ] || dashboard_password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    if [ -n "${MOSAIC_LOCAL_POSTGRES:-}" ]; then
        postgres="$MOSAIC_LOCAL_POSTGRES"
    else
        line="$(MOSAIC_PG_DATABASE="${MOSAIC_PG_DATABASE:-mosaic_local}" "$repo/infra/scripts/ci-postgres.sh" | tail -n 1)"
        postgres="$(eval "$line"; echo "$MOSAIC_TEST_POSTGRES")"
    fi
    mkdir -p "$dir"
    save_settings
    [ "$no_build" = true ] || build
    trap stop_started EXIT
    for i in $(seq 0 $((silos - 1))); do start_silo "$i"; done
    for i in $(seq 0 $((silos - 1))); do wait_ready "$i"; done
    if [ "$gateway" = true ]; then
        start_gateway
        wait_http gateway "http://127.0.0.1:$http_port/readyz" "$dir/gateway.pid" "$dir/gateway.log"
    fi
    trap - EXIT
    print_status
    ;;
status)
    load_settings
    print_status
    ;;
down)
    load_settings
    stop_all
    ;;
start-silo)
    i="${1:?start-silo needs a silo number}"
    shift
    load_settings
    [[ "$i" =~ ^[0-9]+$ ]] && [ "$i" -lt "$silos" ] || fail "silo number must be 0..$((silos - 1)), got '$i'"
    [ "${1:-}" = --no-build ] || build
    start_silo "$i"
    wait_ready "$i"
    print_status
    ;;
stop-silo)
    i="${1:?stop-silo needs a silo number}"
    load_settings
    [[ "$i" =~ ^[0-9]+$ ]] && [ "$i" -lt "$silos" ] || fail "silo number must be 0..$((silos - 1)), got '$i'"
    stop_pid "silo $i" "$dir/silo-$i.pid" "$([ "${2:-}" = --kill ] && echo KILL || echo TERM)"
    ;;
*)
    usage
    ;;
esac
