#!/usr/bin/env bash
# Runs a whole OrleansCsms cluster on this machine as separate processes: PostgreSQL, Orleans silos,
# front-ends (Orleans clients) and HAProxy in front of the front-ends.
#
#   bash deploy/local-cluster.sh start [--silos N] [--front-ends M] [--api-key KEY] [--no-publish]
#   bash deploy/local-cluster.sh status              health of every process (exit 0 only if all are healthy)
#   bash deploy/local-cluster.sh restart NAME        restarts one process (dead or alive), the rest keep running:
#                                                    silo-N, frontend-N, haproxy, postgres (private one only)
#   bash deploy/local-cluster.sh stop
#
# State (published hosts, logs, pids, a private PostgreSQL) lives in deploy/.run/ (git-ignored). Logs are
# rotated, never truncated: <name>.log is the current run, <name>.log.1 the one before, and so on.
#
# Environment (read by start; stop, status and restart reuse what start recorded in .run/cluster.env):
#   CSMS_SILOS (2), CSMS_FRONTENDS (2), CSMS_API_KEY, CSMS_CLUSTER_ID (csms-local)
#   CSMS_LB_PORT (8180), CSMS_STATS_PORT (8404), CSMS_FRONTEND_BASE_PORT (8181: front-end N listens on base+N-1),
#   CSMS_SILO_BASE_PORT (9101: silo HTTP), CSMS_SILO_ORLEANS_BASE_PORT (11111), CSMS_GATEWAY_BASE_PORT (30000)
#   CSMS_POSTGRES: auto (default: the machine's server if it accepts the role, else a private one), machine, private
#   CSMS_PG_HOST (127.0.0.1), CSMS_PG_PORT (5432; private: 5433), CSMS_PG_USER (csms), CSMS_PG_PASSWORD (csms),
#   CSMS_PG_DATABASE (csms_local), CSMS_READY_TIMEOUT (seconds, 180), CSMS_STOP_TIMEOUT (seconds, 30)
set -euo pipefail

DEPLOY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$DEPLOY_DIR")
RUN_DIR="$DEPLOY_DIR/.run"
BIN_DIR="$RUN_DIR/bin"
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"
STATE_FILE="$RUN_DIR/cluster.env"
PG_DIR="$RUN_DIR/postgres"
HAPROXY_TEMPLATE="$DEPLOY_DIR/haproxy/haproxy.cfg"
HAPROXY_CFG="$RUN_DIR/haproxy.cfg"
SILO_PROJECT="$REPO_DIR/silo/OrleansCsms.Silo"
SILO_DLL=OrleansCsms.Silo.dll
FRONTEND_PROJECT="$REPO_DIR/src/OrleansCsms.Frontend.Host"
FRONTEND_DLL=OrleansCsms.Frontend.Host.dll
HOST=127.0.0.1
LOG_KEEP=20

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# ---------------------------------------------------------------------------------------------- settings

# The settings start decides are written to STATE_FILE; the other commands read them back from there.
load_settings() {
  SILOS=${CSMS_SILOS:-2}
  FRONTENDS=${CSMS_FRONTENDS:-2}
  API_KEY=${CSMS_API_KEY:-}
  CLUSTER_ID=${CSMS_CLUSTER_ID:-csms-local}
  LB_PORT=${CSMS_LB_PORT:-8180}
  STATS_PORT=${CSMS_STATS_PORT:-8404}
  FRONTEND_BASE_PORT=${CSMS_FRONTEND_BASE_PORT:-8181}
  SILO_BASE_PORT=${CSMS_SILO_BASE_PORT:-9101}
  SILO_ORLEANS_BASE_PORT=${CSMS_SILO_ORLEANS_BASE_PORT:-11111}
  GATEWAY_BASE_PORT=${CSMS_GATEWAY_BASE_PORT:-30000}
  PG_MODE=${CSMS_POSTGRES:-auto}
  PG_HOST=${CSMS_PG_HOST:-127.0.0.1}
  PG_PORT=${CSMS_PG_PORT:-}
  PG_USER=${CSMS_PG_USER:-csms}
  PG_PASSWORD=${CSMS_PG_PASSWORD:-csms}
  PG_DATABASE=${CSMS_PG_DATABASE:-csms_local}
  READY_TIMEOUT=${CSMS_READY_TIMEOUT:-180}
  STOP_TIMEOUT=${CSMS_STOP_TIMEOUT:-30}
  if [ -s "$STATE_FILE" ]; then
    # shellcheck source=/dev/null
    . "$STATE_FILE"
  fi
}

save_settings() {
  local v
  (
    umask 077
    for v in SILOS FRONTENDS API_KEY CLUSTER_ID LB_PORT STATS_PORT FRONTEND_BASE_PORT SILO_BASE_PORT \
      SILO_ORLEANS_BASE_PORT GATEWAY_BASE_PORT PG_MODE PG_HOST PG_PORT PG_USER PG_PASSWORD PG_DATABASE \
      READY_TIMEOUT STOP_TIMEOUT; do
      printf '%s=%q\n' "$v" "${!v}"
    done
  ) >"$STATE_FILE"
}

connection_string() {
  printf 'Host=%s;Port=%s;Username=%s;Password=%s;Database=%s' "$PG_HOST" "$PG_PORT" "$PG_USER" "$PG_PASSWORD" "$PG_DATABASE"
}

# ---------------------------------------------------------------------------------------------- helpers

say() { printf '%s\n' "$*"; }
step() { printf '== %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
rel() { printf '%s' "${1#"$REPO_DIR"/}"; }
as_postgres_user() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

valid_port() { [[ $1 =~ ^[1-9][0-9]*$ ]] && [ "$1" -le 65535 ]; }
port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# HTTP status of a GET (000 when nothing answers).
http_status() { curl -s -o /dev/null -m "${2:-3}" -w '%{http_code}' "$1" 2>/dev/null || true; }

kind_of() { case "$1" in silo-*) echo silo ;; frontend-*) echo frontend ;; *) echo "$1" ;; esac; }
index_of() { printf '%s' "${1##*-}"; }

# The HTTP port of a process (its health endpoints): silo-2 -> 9102, frontend-1 -> 8181, haproxy -> 8180.
http_port_of() {
  case "$1" in
    silo-*) printf '%s' $((SILO_BASE_PORT + $(index_of "$1") - 1)) ;;
    frontend-*) printf '%s' $((FRONTEND_BASE_PORT + $(index_of "$1") - 1)) ;;
    haproxy) printf '%s' "$LB_PORT" ;;
    postgres) printf '%s' "$PG_PORT" ;;
  esac
}
silo_port_of() { printf '%s' $((SILO_ORLEANS_BASE_PORT + $(index_of "$1") - 1)); }
gateway_port_of() { printf '%s' $((GATEWAY_BASE_PORT + $(index_of "$1") - 1)); }

# Every port a process listens on.
ports_of() {
  case "$1" in
    silo-*) echo "$(http_port_of "$1") $(silo_port_of "$1") $(gateway_port_of "$1")" ;;
    haproxy) echo "$LB_PORT $STATS_PORT" ;;
    *) http_port_of "$1" ;;
  esac
}

# The processes of this cluster, in start order.
all_names() {
  local i
  if [ "$PG_MODE" = private ]; then echo postgres; fi
  for i in $(seq 1 "$SILOS"); do echo "silo-$i"; done
  for i in $(seq 1 "$FRONTENDS"); do echo "frontend-$i"; done
  echo haproxy
}

# What a process's command line must contain to be ours (guards against recycled pids).
signature_of() {
  case "$(kind_of "$1")" in
    silo) printf '%s' "$BIN_DIR/silo/$SILO_DLL" ;;
    frontend) printf '%s' "$BIN_DIR/frontend/$FRONTEND_DLL" ;;
    haproxy) printf '%s' "$HAPROXY_CFG" ;;
    postgres) printf '%s' "$PG_DIR/data" ;;
  esac
}

pid_file_of() {
  # PostgreSQL keeps its own pid file; the first line is the postmaster's pid.
  if [ "$1" = postgres ]; then printf '%s' "$PG_DIR/data/postmaster.pid"; else printf '%s' "$PID_DIR/$1.pid"; fi
}

# Prints the pid of a process this script started, if it is still running.
running_pid() {
  local file pid
  file=$(pid_file_of "$1")
  [ -s "$file" ] || return 1
  pid=$(head -n 1 "$file" | tr -dc '0-9')
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$(signature_of "$1")" || return 1
  printf '%s' "$pid"
}

# Keeps earlier logs: <name>.log becomes <name>.log.1, .1 becomes .2, ... up to LOG_KEEP.
rotate_log() {
  local log="$LOG_DIR/$1.log" i
  [ -s "$log" ] || return 0
  rm -f "$log.$LOG_KEEP"
  for ((i = LOG_KEEP - 1; i >= 1; i--)); do
    if [ -e "$log.$i" ]; then mv "$log.$i" "$log.$((i + 1))"; fi
  done
  mv "$log" "$log.1"
}

log_tail() {
  local log="$LOG_DIR/$1.log" errors
  [ -s "$log" ] || return 0
  # Errors first (a stack trace's last lines rarely say what went wrong), then the end of the log.
  errors=$(grep -E -A1 '(crit|fail): |Exception: |FATAL' "$log" | grep -vE '^\s+at |^--$' | head -n 8 || true)
  if [ -n "$errors" ]; then
    say "---- first errors in $(rel "$log")"
    printf '%s\n' "$errors" | cut -c1-400 | sed 's/^/    /'
  fi
  say "---- last lines of $(rel "$log")"
  tail -n "${2:-15}" "$log" | cut -c1-400 | sed 's/^/    /'
  say "----"
}

# ---------------------------------------------------------------------------------------------- PostgreSQL

pg_bin_dir() {
  local version
  version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] && [ -x "/usr/lib/postgresql/$version/bin/postgres" ] || return 1
  printf '%s' "/usr/lib/postgresql/$version/bin"
}

ensure_postgres_binaries() {
  if pg_bin_dir >/dev/null; then return; fi
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is not available to install it"
  step "Installing PostgreSQL (apt-get install postgresql)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  pg_bin_dir >/dev/null || die "apt-get install postgresql provided no server binaries"
}

psql_cmd() {
  local psql=psql
  command -v psql >/dev/null 2>&1 || psql="$(pg_bin_dir)/psql"
  PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=3 "$psql" -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$@"
}

pg_answers() { psql_cmd -d postgres -Atqc 'select 1' >/dev/null 2>&1; }

# A private PostgreSQL: its own data directory under .run/postgres, run by this script (as the postgres
# user when this script runs as root: the server refuses to run as root).
init_private_postgres() {
  local bin
  bin=$(pg_bin_dir)
  [ -s "$PG_DIR/data/PG_VERSION" ] && return 0
  step "Creating a private PostgreSQL data directory in $(rel "$PG_DIR/data")"
  mkdir -p "$PG_DIR/data" "$PG_DIR/socket"
  chmod 700 "$PG_DIR/data"
  (umask 077; printf '%s\n' "$PG_PASSWORD" >"$PG_DIR/pwfile")
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$PG_DIR"; fi
  if ! as_postgres_user "$bin/initdb" -D "$PG_DIR/data" -U "$PG_USER" --pwfile="$PG_DIR/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >"$LOG_DIR/postgres-initdb.log" 2>&1; then
    rm -f "$PG_DIR/pwfile"
    tail -n 20 "$LOG_DIR/postgres-initdb.log" | sed 's/^/    /' >&2
    die "initdb failed (the postgres user must be able to reach $(rel "$PG_DIR"))"
  fi
  rm -f "$PG_DIR/pwfile"
}

start_postgres() {
  local bin
  bin=$(pg_bin_dir)
  init_private_postgres
  rotate_log postgres
  : >"$LOG_DIR/postgres.log"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$LOG_DIR/postgres.log"; fi
  # 300 connections: four processes, each with its own connection pools.
  as_postgres_user "$bin/pg_ctl" -D "$PG_DIR/data" -l "$LOG_DIR/postgres.log" -w -t 60 start \
    -o "-c listen_addresses=$PG_HOST -c port=$PG_PORT -c unix_socket_directories='$PG_DIR/socket' -c max_connections=300" \
    >/dev/null || { log_tail postgres; die "the private PostgreSQL did not start"; }
  say "   postgres  pid $(running_pid postgres || echo ?)  $PG_HOST:$PG_PORT  data $(rel "$PG_DIR/data")  log $(rel "$LOG_DIR/postgres.log")"
}

stop_postgres() {
  local bin
  bin=$(pg_bin_dir) || return 0
  if running_pid postgres >/dev/null; then
    as_postgres_user "$bin/pg_ctl" -D "$PG_DIR/data" -m fast -w -t "$STOP_TIMEOUT" stop >/dev/null && say "   postgres: stopped"
  else
    say "   postgres: not running"
  fi
}

ensure_database() {
  local exists
  exists=$(psql_cmd -d postgres -Atqc "select 1 from pg_database where datname = '$PG_DATABASE'")
  if [ "$exists" = 1 ]; then
    say "   database $PG_DATABASE exists (kept: the hosts create and migrate their tables)"
  else
    psql_cmd -d postgres -q -c "CREATE DATABASE \"$PG_DATABASE\"" >/dev/null \
      || die "cannot create database $PG_DATABASE as $PG_USER (the role needs CREATEDB)"
    say "   created database $PG_DATABASE"
  fi
}

setup_postgres() {
  case "$PG_MODE" in
    auto)
      PG_PORT=${PG_PORT:-5432}
      if pg_answers; then
        PG_MODE=machine
      else
        say "   nothing on $PG_HOST:$PG_PORT accepts role $PG_USER: using a private PostgreSQL instead"
        PG_MODE=private PG_PORT=${CSMS_PG_PORT:-5433}
      fi ;;
    machine) PG_PORT=${PG_PORT:-5432} ;;
    private) PG_PORT=${PG_PORT:-5433} ;;
    *) die "CSMS_POSTGRES must be auto, machine or private (got '$PG_MODE')" ;;
  esac
  step "PostgreSQL ($PG_MODE) on $PG_HOST:$PG_PORT"
  if [ "$PG_MODE" = machine ]; then
    pg_answers || die "no PostgreSQL on $PG_HOST:$PG_PORT accepts role $PG_USER/$PG_PASSWORD (CSMS_POSTGRES=private runs one of its own)"
    say "   the machine's server answers as role $PG_USER: using it (it is neither started nor stopped here)"
  else
    ensure_postgres_binaries
    if running_pid postgres >/dev/null; then
      say "   the private server is already running"
    else
      if port_in_use "$PG_PORT"; then die "port $HOST:$PG_PORT (private PostgreSQL) is in use by another program"; fi
      start_postgres
    fi
  fi
  ensure_database
}

# ---------------------------------------------------------------------------------------------- build

publish() {
  local what=$1 project=$2 out=$3 dll=$4 log="$LOG_DIR/publish-$1.log"
  [ -d "$project" ] || die "$(rel "$project") does not exist: the $what host is not in this checkout"
  say "   dotnet publish $(rel "$project") -c Release -o $(rel "$out")"
  if ! dotnet publish "$project" -c Release -o "$out" --nologo >"$log" 2>&1; then
    grep -E 'error' "$log" | sort -u | tail -n 20 | sed 's/^/    /' >&2 || true
    die "publishing the $what host failed; full output in $(rel "$log")"
  fi
  [ -f "$out/$dll" ] || die "publishing the $what host produced no $dll in $(rel "$out")"
}

ensure_haproxy() {
  if command -v haproxy >/dev/null 2>&1; then return; fi
  command -v apt-get >/dev/null 2>&1 || die "haproxy is not installed and apt-get is not available; install HAProxy 2.x"
  step "Installing HAProxy (apt-get install haproxy)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
  command -v haproxy >/dev/null 2>&1 || die "apt-get install haproxy did not provide a haproxy command"
  # The package enables a system-wide service on port 80; this cluster runs its own instance.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet haproxy 2>/dev/null; then
    systemctl stop haproxy || true
  fi
}

render_haproxy_cfg() {
  local servers="" i
  for i in $(seq 1 "$FRONTENDS"); do
    servers+="    server frontend-$i $HOST:$((FRONTEND_BASE_PORT + i - 1)) check"$'\n'
  done
  SERVERS=$servers awk -v listen="$HOST:$LB_PORT" -v stats="$HOST:$STATS_PORT" '
    /^[ \t]*# @FRONTEND_SERVERS@[ \t]*$/ { printf "%s", ENVIRON["SERVERS"]; next }
    { gsub(/@LISTEN@/, listen); gsub(/@STATS@/, stats); print }
  ' "$HAPROXY_TEMPLATE" >"$HAPROXY_CFG"
  if ! haproxy -c -f "$HAPROXY_CFG" >"$LOG_DIR/haproxy-check.log" 2>&1; then
    sed 's/^/    /' "$LOG_DIR/haproxy-check.log" >&2
    die "HAProxy rejects $(rel "$HAPROXY_CFG")"
  fi
}

# ---------------------------------------------------------------------------------------------- processes

# Runs a silo or front-end in the background, in its own session, from its publish directory (its content
# root, where appsettings.json is). Secrets go through the environment, not the command line.
start_dotnet() {
  local name=$1 kind dir dll port orleans_ports=""
  kind=$(kind_of "$name")
  port=$(http_port_of "$name")
  local env=(
    "ConnectionStrings__Postgres=$(connection_string)"
    "Cluster__ClusterId=$CLUSTER_ID"
    "Urls=http://$HOST:$port"
    # Four processes share this machine: workstation GC keeps each one's memory small.
    DOTNET_gcServer=0
    Logging__Console__FormatterName=simple
    "Logging__Console__FormatterOptions__TimestampFormat=yyyy-MM-dd HH:mm:ss.fff "
  )
  if [ "$kind" = silo ]; then
    dir="$BIN_DIR/silo" dll=$SILO_DLL
    orleans_ports="  silo $(silo_port_of "$name") gateway $(gateway_port_of "$name")"
    env+=(Cluster__Role=Silo "Cluster__AdvertisedAddress=$HOST" "Cluster__SiloPort=$(silo_port_of "$name")"
      "Cluster__GatewayPort=$(gateway_port_of "$name")" Dashboard__Enabled=true)
  else
    dir="$BIN_DIR/frontend" dll=$FRONTEND_DLL
    if [ -n "$API_KEY" ]; then env+=("Api__Keys__0=$API_KEY"); fi
    # Simulated fleets register themselves here, key or not (a secured front-end otherwise closes admission).
    env+=(Ocpp__Admission=open)
  fi
  rotate_log "$name"
  (
    cd "$dir"
    exec env "${env[@]}" nohup setsid dotnet "$dir/$dll" >"$LOG_DIR/$name.log" 2>&1 </dev/null
  ) &
  echo $! >"$PID_DIR/$name.pid"
  await_exec "$name" $!
  say "   $name  pid $!  http://$HOST:$port$orleans_ports  log $(rel "$LOG_DIR/$name.log")"
}

# The recorded pid is a subshell until it execs the host: wait for that (or its end), so that the
# pid checks after it do not take a process still starting for one that exited.
await_exec() {
  local i
  for i in $(seq 1 100); do
    if running_pid "$1" >/dev/null || ! kill -0 "$2" 2>/dev/null; then return 0; fi
    sleep 0.05
  done
}

start_haproxy() {
  rotate_log haproxy
  haproxy -f "$HAPROXY_CFG" -D -p "$PID_DIR/haproxy.pid" >"$LOG_DIR/haproxy.log" 2>&1 </dev/null \
    || { log_tail haproxy; die "HAProxy did not start"; }
  local pid
  pid=$(running_pid haproxy) || { log_tail haproxy; die "HAProxy exited right after starting"; }
  say "   haproxy  pid $pid  http://$HOST:$LB_PORT  stats http://$HOST:$STATS_PORT/  config $(rel "$HAPROXY_CFG")"
}

start_one() {
  local name=$1 port
  for port in $(ports_of "$name"); do
    if port_in_use "$port"; then die "port $HOST:$port (for $name) is in use by another program"; fi
  done
  case "$name" in
    postgres) start_postgres ;;
    haproxy) start_haproxy ;;
    *) start_dotnet "$name" ;;
  esac
}

# Healthy: live and ready. For HAProxy, ready through a front-end; for PostgreSQL, it answers a query.
is_ready() {
  case "$1" in
    postgres) pg_answers ;;
    *) [ "$(http_status "http://$HOST:$(http_port_of "$1")/health/ready")" = 200 ] ;;
  esac
}

# Polls every named process until all are ready, one exits, or READY_TIMEOUT passes.
wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) next_report=$((SECONDS + 10)) name pending
  while :; do
    pending=()
    for name in "$@"; do
      if ! running_pid "$name" >/dev/null; then
        log_tail "$name"
        die "$name exited while starting (log: $(rel "$LOG_DIR/$name.log")); the others keep running: bash deploy/local-cluster.sh stop"
      fi
      is_ready "$name" || pending+=("$name")
    done
    [ ${#pending[@]} -eq 0 ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      for name in "${pending[@]}"; do
        say "   NOT READY: $name"
        log_tail "$name"
      done
      die "not ready after ${READY_TIMEOUT}s: ${pending[*]}; left running for inspection (bash deploy/local-cluster.sh stop)"
    fi
    if [ "$SECONDS" -ge "$next_report" ]; then
      say "   still waiting for: ${pending[*]}"
      next_report=$((SECONDS + 10))
    fi
    sleep 0.5
  done
  say "   ready: $*"
}

# SIGTERM to each, up to STOP_TIMEOUT for all of them to exit, then SIGKILL.
stop_group() {
  local name pid names=() pids=() deadline i alive
  for name in "$@"; do
    if pid=$(running_pid "$name"); then
      kill -TERM "$pid" 2>/dev/null || true
      names+=("$name"); pids+=("$pid")
    else
      say "   $name: not running"
    fi
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  deadline=$((SECONDS + STOP_TIMEOUT))
  while :; do
    alive=0
    for i in "${!pids[@]}"; do
      if kill -0 "${pids[$i]}" 2>/dev/null; then alive=1; fi
    done
    [ "$alive" -eq 0 ] || [ "$SECONDS" -ge "$deadline" ] && break
    sleep 0.2
  done
  for i in "${!pids[@]}"; do
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      kill -KILL "${pids[$i]}" 2>/dev/null || true
      say "   ${names[$i]}: still running ${STOP_TIMEOUT}s after SIGTERM, killed (pid ${pids[$i]})"
    else
      say "   ${names[$i]}: stopped (pid ${pids[$i]})"
    fi
  done
}

stop_one() {
  if [ "$1" = postgres ]; then stop_postgres; else stop_group "$1"; fi
}

# ---------------------------------------------------------------------------------------------- reporting

# Sets STATE to "live X, ready Y" from a process's health endpoints; healthy when both answer 200.
probe_health() {
  local port live ready
  port=$(http_port_of "$1")
  live=$(http_status "http://$HOST:$port/health/live")
  ready=$(http_status "http://$HOST:$port/health/ready" 5)
  STATE="live ${live/#000/-}, ready ${ready/#000/-}"
  [ "$live" = 200 ] && [ "$ready" = 200 ]
}

# Prints one line per process, probing each once; HEALTHY counts the healthy ones.
print_process_table() {
  local name pid state address
  HEALTHY=0
  printf '   %-11s %-8s %-44s %s\n' NAME PID ADDRESS STATE
  for name in "$@"; do
    case "$name" in
      postgres) address="$PG_HOST:$PG_PORT (private)" ;;
      silo-*) address="http://$HOST:$(http_port_of "$name") silo $(silo_port_of "$name") gw $(gateway_port_of "$name")" ;;
      *) address="http://$HOST:$(http_port_of "$name")" ;;
    esac
    if pid=$(running_pid "$name"); then
      if [ "$name" = postgres ]; then
        if pg_answers; then state=healthy HEALTHY=$((HEALTHY + 1)); else state="running, NOT ANSWERING"; fi
      else
        if probe_health "$name"; then HEALTHY=$((HEALTHY + 1)); fi
        state=$STATE
        if [ "$name" = haproxy ]; then state="through a front-end: $state"; fi
      fi
    else
      pid=-; state="NOT RUNNING (bash deploy/local-cluster.sh restart $name)"
    fi
    printf '   %-11s %-8s %-44s %s\n' "$name" "$pid" "$address" "$state"
  done
}

# The silos as Orleans sees them, asked through HAProxy and a front-end.
print_cluster_view() {
  local json
  json=$(curl -s -m 10 ${API_KEY:+-H "X-Api-Key: $API_KEY"} "http://$HOST:$LB_PORT/api/cluster" 2>/dev/null) || json=""
  if [ -z "$json" ]; then say "   /api/cluster through HAProxy: no answer"; return; fi
  python3 - "$json" <<'PY' 2>/dev/null || say "   /api/cluster: $json"
import json, sys
c = json.loads(sys.argv[1])
dead = [s for s in c["silos"] if s["status"] == "Dead"]
print(f"   Orleans (GET /api/cluster through HAProxy): {c['activeSilos']} active silo(s), {c['activations']} activations")
for s in c["silos"]:
    if s["status"] != "Dead" or s is max(dead, key=lambda d: d["startedAt"]):
        print(f"      {s['name']:<28} {s['address']:<32} {s['status']:<10} activations {s.get('activations')}, clients {s.get('clients')}")
if len(dead) > 1:
    # Orleans keeps dead silos' rows for a week (DefunctSiloExpiration); the newest one is shown above.
    print(f"      and {len(dead) - 1} older dead silo row(s)")
PY
}

print_urls() {
  local name i
  say ""
  say "OrleansCsms cluster on $HOST (cluster id $CLUSTER_ID):"
  say "   OCPP (charge points):  ws://$HOST:$LB_PORT/ocpp/{chargePointId}"
  say "   REST API:              http://$HOST:$LB_PORT/api      (cluster view: http://$HOST:$LB_PORT/api/cluster)"
  say "   API UI:                http://$HOST:$LB_PORT/swagger"
  say "   HAProxy stats:         http://$HOST:$STATS_PORT/"
  if [ -n "$API_KEY" ]; then
    say "   API key:               X-Api-Key: $API_KEY"
  else
    say "   API key:               none (every listener is on loopback; CSMS_API_KEY or --api-key requires one)"
  fi
  say "   PostgreSQL ($PG_MODE):  $(connection_string)"
  say "   Orleans Dashboard:"
  for i in $(seq 1 "$SILOS"); do
    say "      silo-$i               http://$HOST:$(http_port_of "silo-$i")/dashboard/"
  done
  say "   Health and metrics:"
  for name in $(all_names); do
    case "$name" in postgres | haproxy) continue ;; esac
    printf '      %-12s http://%s:%s/health/ready   /health/live   /metrics   log %s\n' \
      "$name" "$HOST" "$(http_port_of "$name")" "$(rel "$LOG_DIR/$name.log")"
  done
  say "   bash deploy/local-cluster.sh status | restart NAME | stop"
}

# ---------------------------------------------------------------------------------------------- commands

running_names() {
  local name
  for name in $(all_names); do
    if running_pid "$name" >/dev/null; then echo "$name"; fi
  done
  return 0
}

cmd_start() {
  local do_publish=1 p name running
  while [ $# -gt 0 ]; do
    case "$1" in
      --silos) [ $# -ge 2 ] || die "--silos needs a number"; CSMS_SILOS=$2; shift 2 ;;
      --front-ends | --frontends) [ $# -ge 2 ] || die "--front-ends needs a number"; CSMS_FRONTENDS=$2; shift 2 ;;
      --api-key) [ $# -ge 2 ] || die "--api-key needs a value"; CSMS_API_KEY=$2; shift 2 ;;
      --no-publish) do_publish=0; shift ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
  done

  # A cluster that runs is left alone; start only takes new settings when nothing of it runs.
  if [ -s "$STATE_FILE" ]; then
    load_settings
    running=$(running_names)
    if [ -n "$running" ]; then
      say "The local cluster is already running ($(echo "$running" | tr '\n' ' ')); nothing started."
      # shellcheck disable=SC2046
      print_process_table $(all_names)
      say "Restart one process with: bash deploy/local-cluster.sh restart NAME; everything: stop, then start."
      return 0
    fi
    rm -f "$STATE_FILE"
  fi
  load_settings

  for p in LB_PORT STATS_PORT FRONTEND_BASE_PORT SILO_BASE_PORT SILO_ORLEANS_BASE_PORT GATEWAY_BASE_PORT; do
    valid_port "${!p}" || die "$p must be a port number (got '${!p}')"
  done
  for p in SILOS FRONTENDS; do
    [[ ${!p} =~ ^[1-9][0-9]?$ ]] || die "the number of $p must be 1 to 99 (got '${!p}')"
  done
  command -v dotnet >/dev/null 2>&1 || die "dotnet (the .NET 10 SDK) is not on PATH"
  command -v curl >/dev/null 2>&1 || die "curl is needed to poll the health endpoints"

  local names=()
  mapfile -t names < <(PG_MODE=machine all_names)
  for name in "${names[@]}"; do
    for p in $(ports_of "$name"); do
      if port_in_use "$p"; then die "port $HOST:$p (for $name) is already in use by another program"; fi
    done
  done

  mkdir -p "$BIN_DIR" "$LOG_DIR" "$PID_DIR"
  rm -f "$PID_DIR"/*.pid
  setup_postgres
  save_settings

  if [ "$do_publish" -eq 1 ] || [ ! -f "$BIN_DIR/silo/$SILO_DLL" ] || [ ! -f "$BIN_DIR/frontend/$FRONTEND_DLL" ]; then
    step "Publishing the hosts (Release)"
    publish silo "$SILO_PROJECT" "$BIN_DIR/silo" "$SILO_DLL"
    publish front-end "$FRONTEND_PROJECT" "$BIN_DIR/frontend" "$FRONTEND_DLL"
  else
    step "Using the hosts already published in $(rel "$BIN_DIR") (--no-publish)"
  fi

  ensure_haproxy
  render_haproxy_cfg

  # Silos first: a front-end's Orleans client needs a gateway to connect to.
  local silos=() frontends=()
  for name in "${names[@]}"; do
    case "$name" in silo-*) silos+=("$name") ;; frontend-*) frontends+=("$name") ;; esac
  done
  step "Starting ${#silos[@]} silo(s)"
  for name in "${silos[@]}"; do start_one "$name"; done
  wait_ready "${silos[@]}"
  step "Starting ${#frontends[@]} front-end(s)"
  for name in "${frontends[@]}"; do start_one "$name"; done
  wait_ready "${frontends[@]}"
  step "Starting HAProxy on $HOST:$LB_PORT"
  start_one haproxy
  wait_ready haproxy
  print_cluster_view
  print_urls
}

cmd_stop() {
  [ -s "$STATE_FILE" ] || { say "Nothing to stop: the local cluster was not started (no $(rel "$STATE_FILE"))."; return 0; }
  load_settings
  local silos=() frontends=() name
  for name in $(all_names); do
    case "$name" in silo-*) silos+=("$name") ;; frontend-*) frontends+=("$name") ;; esac
  done
  step "Stopping HAProxy and the front-ends (SIGTERM, SIGKILL after ${STOP_TIMEOUT}s)"
  stop_group haproxy "${frontends[@]}"
  step "Stopping the silos (SIGTERM: each leaves the cluster and hands its grains over)"
  stop_group "${silos[@]}"
  if [ "$PG_MODE" = private ]; then
    step "Stopping the private PostgreSQL (its data stays in $(rel "$PG_DIR/data"))"
    stop_postgres
  else
    say "   PostgreSQL on $PG_HOST:$PG_PORT is the machine's: left running (database $PG_DATABASE keeps the data)"
  fi
  rm -f "$PID_DIR"/*.pid "$STATE_FILE"
  say "Stopped. Logs are kept in $(rel "$LOG_DIR")."
}

cmd_status() {
  [ -s "$STATE_FILE" ] || { say "The local cluster is not running (no $(rel "$STATE_FILE"): start it first)."; return 3; }
  load_settings
  local names
  names=$(all_names)
  say "Local cluster (cluster id $CLUSTER_ID, PostgreSQL $PG_MODE on $PG_HOST:$PG_PORT, database $PG_DATABASE):"
  # shellcheck disable=SC2086
  print_process_table $names
  if [ "$PG_MODE" = machine ]; then
    if pg_answers; then say "   PostgreSQL (the machine's) answers"; else say "   PostgreSQL (the machine's) DOES NOT ANSWER"; fi
  fi
  print_cluster_view
  say "$HEALTHY of $(wc -w <<<"$names") processes healthy (live and ready)."
  [ "$HEALTHY" -eq "$(wc -w <<<"$names")" ]
}

cmd_restart() {
  local name=${1:-} pid
  [ -n "$name" ] || die "restart needs a process name (silo-N, frontend-N, haproxy, postgres)"
  [ -s "$STATE_FILE" ] || die "the local cluster was not started: run start first"
  load_settings
  local names
  names=" $(all_names | tr '\n' ' ')"
  [[ $names == *" $name "* ]] || die "no process '$name' in this cluster (it has:$names)"
  if pid=$(running_pid "$name"); then
    step "Stopping $name (pid $pid)"
    stop_one "$name"
  else
    say "$name is not running"
  fi
  step "Starting $name (earlier logs kept as $(rel "$LOG_DIR/$name.log").1, .2, ...)"
  [ "$name" != haproxy ] || render_haproxy_cfg
  start_one "$name"
  wait_ready "$name"
  print_cluster_view
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop ;;
  status) shift; cmd_status ;;
  restart) shift; cmd_restart "$@" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
