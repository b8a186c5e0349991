#!/usr/bin/env bash
# Starts, stops and inspects a whole OrleansCsms cluster on this machine:
# PostgreSQL, N silos, M front-ends and HAProxy in front of the front-ends.
#
#   bash deploy/local-cluster.sh start [--silos N] [--front-ends M] [--partitions P] [--api-key KEY] [--no-publish]
#   bash deploy/local-cluster.sh status
#   bash deploy/local-cluster.sh stop
#
# Ports: HAProxy 127.0.0.1:8180 (OCPP + REST), stats 127.0.0.1:8404, front-ends 8181.., silos 9101..
# State (published binaries, logs, pids, the cluster secret) lives in deploy/.run/ (git-ignored).
# Environment: CSMS_READY_TIMEOUT (seconds, default 180), CSMS_STOP_TIMEOUT (seconds, default 30),
# CSMS_API_KEY (same as --api-key), CSMS_PARTITIONS (same as --partitions), and other ports:
# CSMS_LB_PORT, CSMS_STATS_PORT, CSMS_FRONTEND_BASE_PORT, CSMS_SILO_BASE_PORT.
set -euo pipefail

DEPLOY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$DEPLOY_DIR")
RUN_DIR="$DEPLOY_DIR/.run"
BIN_DIR="$RUN_DIR/bin"
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"
SECRET_FILE="$RUN_DIR/cluster-secret"
API_KEY_FILE="$RUN_DIR/api-key"
HAPROXY_TEMPLATE="$DEPLOY_DIR/haproxy/haproxy.cfg"
HAPROXY_CFG="$RUN_DIR/haproxy.cfg"

PORTS_FILE="$RUN_DIR/ports"

HOST=127.0.0.1
LB_PORT=${CSMS_LB_PORT:-8180}
STATS_PORT=${CSMS_STATS_PORT:-8404}
FRONTEND_BASE_PORT=${CSMS_FRONTEND_BASE_PORT:-8181}
SILO_BASE_PORT=${CSMS_SILO_BASE_PORT:-9101}
# stop and status use the ports the running cluster was started with.
if [ "${1:-}" != start ] && [ -s "$PORTS_FILE" ]; then
  # shellcheck source=/dev/null
  . "$PORTS_FILE"
fi

PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=csms
PG_PASSWORD=csms
PG_DATABASE=csms_cluster
CONNECTION_STRING="Host=$PG_HOST;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD;Database=$PG_DATABASE"

SILO_PROJECT="$REPO_DIR/silo/OrleansCsms.Silo"
SILO_DLL=OrleansCsms.Silo.dll
FRONTEND_PROJECT="$REPO_DIR/src/OrleansCsms.Frontend.Host"
FRONTEND_DLL=OrleansCsms.Frontend.Host.dll

READY_TIMEOUT=${CSMS_READY_TIMEOUT:-180}
STOP_TIMEOUT=${CSMS_STOP_TIMEOUT:-30}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# ---------------------------------------------------------------------------------------------- helpers

say() { printf '%s\n' "$*"; }
step() { printf '== %s\n' "$*"; }
STARTED_SOME=""
die() {
  printf 'error: %s\n' "$*" >&2
  if [ -n "$STARTED_SOME" ]; then
    printf 'The processes that did start are left running for inspection; stop them with: bash deploy/local-cluster.sh stop\n' >&2
  fi
  exit 1
}

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

# Paths relative to the repository, for shorter messages.
rel() { printf '%s' "${1#"$REPO_DIR"/}"; }

# Port of a process from its name: silo-2 -> 9102, frontend-1 -> 8181, haproxy -> 8180.
port_of() {
  case "$1" in
    silo-*) printf '%s' $((SILO_BASE_PORT + ${1#silo-} - 1)) ;;
    frontend-*) printf '%s' $((FRONTEND_BASE_PORT + ${1#frontend-} - 1)) ;;
    haproxy) printf '%s' "$LB_PORT" ;;
    *) return 1 ;;
  esac
}

# What a process's command line must contain to be ours (guards against recycled pids).
signature_of() {
  case "$1" in
    silo-*) printf '%s' "$BIN_DIR/silo/$SILO_DLL" ;;
    frontend-*) printf '%s' "$BIN_DIR/frontend/$FRONTEND_DLL" ;;
    haproxy) printf '%s' "$HAPROXY_CFG" ;;
  esac
}

# Prints the pid of a process this script started, if it is still running.
running_pid() {
  local name=$1 pid
  [ -s "$PID_DIR/$name.pid" ] || return 1
  pid=$(head -n 1 "$PID_DIR/$name.pid" | tr -dc '0-9')
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$(signature_of "$name")" || return 1
  printf '%s' "$pid"
}

# Names of the processes with a pid file, in start order (silos, front-ends, haproxy).
known_names() {
  local f kind
  [ -d "$PID_DIR" ] || return 0
  for kind in silo frontend; do
    for f in "$PID_DIR/$kind"-*.pid; do
      if [ -e "$f" ]; then basename "$f" .pid; fi
    done | sort -t- -k2n
  done
  if [ -e "$PID_DIR/haproxy.pid" ]; then echo haproxy; fi
  return 0
}

port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# HTTP status of a GET (000 when nothing answers).
http_status() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true; }

is_ready() { [ "$(http_status "http://$HOST:$(port_of "$1")/health/ready")" = 200 ]; }

log_tail() {
  local log="$LOG_DIR/$1.log" errors
  if [ -s "$log" ]; then
    # Errors first (a stack trace's last lines rarely say what went wrong), then the end of the log.
    errors=$(grep -E -A1 '(crit|fail): |Exception: ' "$log" | grep -vE '^\s+at |^--$' | head -n 8 || true)
    if [ -n "$errors" ]; then
      say "---- first errors in $(rel "$log")"
      printf '%s\n' "$errors" | cut -c1-400 | sed 's/^/    /'
    fi
    say "---- last lines of $(rel "$log")"
    tail -n "${2:-20}" "$log" | cut -c1-400 | sed 's/^/    /'
    say "----"
  fi
}

positive_int() {
  if ! [[ $2 =~ ^[1-9][0-9]*$ ]] || [ "$2" -gt 50 ]; then die "$1 must be a number from 1 to 50 (got '$2')"; fi
}

# ---------------------------------------------------------------------------------------------- PostgreSQL

pg_answers() {
  command -v psql >/dev/null 2>&1 || return 1
  PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=3 \
    psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atqc 'select 1' >/dev/null 2>&1
}

start_local_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL answers on $PG_HOST:$PG_PORT as $PG_USER/$PG_PASSWORD and apt-get is not available to install one"
    step "Installing PostgreSQL (apt-get install postgresql)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local version
  version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
    as_root pg_createcluster "$version" main >/dev/null
  fi
  step "Starting PostgreSQL $version (pg_ctlcluster $version main start)"
  as_root pg_ctlcluster "$version" main start 2>/dev/null || true
  local ok=""
  for _ in $(seq 1 60); do
    if as_postgres pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then ok=1; break; fi
    sleep 1
  done
  [ -n "$ok" ] || die "PostgreSQL $version did not start on $PG_HOST:$PG_PORT (see /var/log/postgresql/postgresql-$version-main.log)"
  as_postgres psql -q -v ON_ERROR_STOP=1 <<SQL
SELECT 'CREATE ROLE $PG_USER LOGIN PASSWORD ''$PG_PASSWORD'' CREATEDB'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER')\gexec
SQL
  pg_answers || die "PostgreSQL runs on $PG_HOST:$PG_PORT but does not accept role $PG_USER/$PG_PASSWORD"
}

ensure_database() {
  local exists
  exists=$(PGPASSWORD=$PG_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atqc \
    "select 1 from pg_database where datname = '$PG_DATABASE'")
  if [ "$exists" = 1 ]; then
    say "   database $PG_DATABASE exists (kept as is: the hosts create and migrate the schema)"
    return
  fi
  if PGPASSWORD=$PG_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -q \
       -c "CREATE DATABASE $PG_DATABASE OWNER $PG_USER" >/dev/null 2>&1; then
    say "   created database $PG_DATABASE"
  elif id postgres >/dev/null 2>&1; then
    as_postgres psql -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $PG_DATABASE OWNER $PG_USER"
    say "   created database $PG_DATABASE (as the postgres superuser)"
  else
    die "cannot create database $PG_DATABASE: role $PG_USER lacks CREATEDB; create it by hand"
  fi
}

ensure_postgres() {
  step "PostgreSQL on $PG_HOST:$PG_PORT"
  if pg_answers; then
    say "   a server answers as role $PG_USER: using it"
  else
    say "   nothing answers as role $PG_USER/$PG_PASSWORD: starting a local Debian cluster"
    start_local_postgres
  fi
  ensure_database
}

# ---------------------------------------------------------------------------------------------- build

publish() {
  local what=$1 project=$2 out=$3 dll=$4 log="$LOG_DIR/publish-$1.log"
  [ -d "$project" ] || die "$(rel "$project") does not exist: the $what host is not in this checkout"
  say "   dotnet publish $(rel "$project") -c Release -o $(rel "$out")"
  if ! dotnet publish "$project" -c Release -o "$out" --nologo >"$log" 2>&1; then
    grep -E 'error|Error' "$log" | sort -u | tail -n 20 | sed 's/^/    /' >&2 || true
    die "publishing the $what host failed; full output in $(rel "$log")"
  fi
  [ -f "$out/$dll" ] || die "publishing the $what host produced no $dll in $(rel "$out")"
}

ensure_haproxy() {
  if command -v haproxy >/dev/null 2>&1; then return; fi
  command -v apt-get >/dev/null 2>&1 || die "haproxy is not installed and apt-get is not available; install HAProxy 2.x"
  step "Installing HAProxy (apt-get install haproxy)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
  command -v haproxy >/dev/null 2>&1 || die "apt-get install haproxy did not provide a haproxy command"
}

render_haproxy_cfg() {
  local frontends=$1 servers="" i
  for i in $(seq 1 "$frontends"); do
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

# start_dotnet <name> <bin dir> <dll> <extra args...>: runs in the background, in its own session,
# from its publish directory (its content root, where appsettings.json is), logging to logs/<name>.log.
start_dotnet() {
  local name=$1 dir=$2 dll=$3 port
  shift 3
  port=$(port_of "$name")
  (
    cd "$dir"
    exec env \
      "ConnectionStrings__Postgres=$CONNECTION_STRING" \
      "Cluster__Secret=$CLUSTER_SECRET" \
      ${API_KEY:+"Api__Keys__0=$API_KEY"} \
      DOTNET_gcServer=0 \
      Logging__Console__FormatterName=simple \
      "Logging__Console__FormatterOptions__TimestampFormat=yyyy-MM-dd HH:mm:ss.fff " \
      nohup setsid dotnet "$dir/$dll" \
      --Urls "http://$HOST:$port" \
      --Cluster:AdvertisedAddress "http://$HOST:$port" \
      ${PARTITIONS:+--Cluster:Partitions "$PARTITIONS"} \
      "$@" >"$LOG_DIR/$name.log" 2>&1 </dev/null
  ) &
  echo $! >"$PID_DIR/$name.pid"
  STARTED_SOME=1
  say "   $name  pid $!  http://$HOST:$port  log $(rel "$LOG_DIR/$name.log")"
}

start_haproxy() {
  haproxy -f "$HAPROXY_CFG" -D -p "$PID_DIR/haproxy.pid" >"$LOG_DIR/haproxy.log" 2>&1 </dev/null \
    || { log_tail haproxy; die "HAProxy did not start"; }
  local pid
  pid=$(running_pid haproxy) || { log_tail haproxy; die "HAProxy exited right after starting"; }
  say "   haproxy  pid $pid  http://$HOST:$LB_PORT  stats http://$HOST:$STATS_PORT/  config $(rel "$HAPROXY_CFG")"
}

# Polls /health/ready of every process until all answer 200, a process dies, or the deadline passes.
wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) next_report=$((SECONDS + 10)) name pending
  step "Waiting for every process to be ready (up to ${READY_TIMEOUT}s)"
  while :; do
    pending=()
    for name in "$@"; do
      if ! running_pid "$name" >/dev/null; then
        log_tail "$name" 10
        die "$name exited while starting (log: $(rel "$LOG_DIR/$name.log"))"
      fi
      is_ready "$name" || pending+=("$name")
    done
    [ ${#pending[@]} -eq 0 ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      local late=() url code
      for name in "${pending[@]}"; do
        url="http://$HOST:$(port_of "$name")/health/ready"
        code=$(http_status "$url")
        [ "$code" = 200 ] && continue
        late+=("$name")
        say "   NOT READY: $name  ($url answers ${code/#000/nothing})"
        log_tail "$name" 12
      done
      [ ${#late[@]} -eq 0 ] && break
      die "not ready after ${READY_TIMEOUT}s: ${late[*]}"
    fi
    if [ "$SECONDS" -ge "$next_report" ]; then
      say "   still waiting for: ${pending[*]}"
      next_report=$((SECONDS + 10))
    fi
    sleep 1
  done
  say "   all ready: $*"
}

# Sends SIGTERM to a group of processes, waits up to STOP_TIMEOUT, then SIGKILLs what is left.
stop_group() {
  local name pid names=() pids=() deadline
  for name in "$@"; do
    if pid=$(running_pid "$name"); then
      kill -TERM "$pid" 2>/dev/null || true
      names+=("$name"); pids+=("$pid")
    else
      say "   $name: not running"
      rm -f "$PID_DIR/$name.pid"
    fi
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  deadline=$((SECONDS + STOP_TIMEOUT))
  local i alive
  while :; do
    alive=0
    for i in "${!pids[@]}"; do
      if kill -0 "${pids[$i]}" 2>/dev/null; then alive=1; fi
    done
    [ "$alive" -eq 0 ] && break
    [ "$SECONDS" -ge "$deadline" ] && break
    sleep 0.5
  done
  for i in "${!pids[@]}"; do
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      kill -KILL "${pids[$i]}" 2>/dev/null || true
      say "   ${names[$i]}: still running ${STOP_TIMEOUT}s after SIGTERM, killed (pid ${pids[$i]})"
    else
      say "   ${names[$i]}: stopped (pid ${pids[$i]})"
    fi
    rm -f "$PID_DIR/${names[$i]}.pid"
  done
}

print_process_table() {
  local name pid port state
  printf '   %-12s %-8s %-24s %s\n' NAME PID ADDRESS STATE
  for name in "$@"; do
    port=$(port_of "$name")
    if pid=$(running_pid "$name"); then
      case "$(http_status "http://$HOST:$port/health/ready")" in
        200) state=ready ;;
        000) state="running, not answering yet" ;;
        *) state="running, NOT READY ($(http_status "http://$HOST:$port/health/ready"))" ;;
      esac
    else
      pid=-; state="NOT RUNNING"
    fi
    printf '   %-12s %-8s %-24s %s\n' "$name" "$pid" "http://$HOST:$port" "$state"
  done
}

print_urls() {
  local name port
  say ""
  say "OrleansCsms cluster on $HOST:"
  say "   OCPP (charge points):  ws://$HOST:$LB_PORT/ocpp/{chargePointId}"
  say "   REST API:              http://$HOST:$LB_PORT/api      (cluster view: http://$HOST:$LB_PORT/api/cluster)"
  say "   API UI:                http://$HOST:$LB_PORT/swagger"
  say "   HAProxy stats:         http://$HOST:$STATS_PORT/"
  if [ -s "$API_KEY_FILE" ]; then
    say "   API key:               X-Api-Key: $(cat "$API_KEY_FILE")"
  else
    say "   API key:               none (every listener is on loopback; pass --api-key to require one)"
  fi
  say "   PostgreSQL:            $CONNECTION_STRING"
  say "   Health and metrics of each process:"
  for name in "$@"; do
    [ "$name" = haproxy ] && continue
    port=$(port_of "$name")
    printf '      %-12s http://%s:%s/health/ready   http://%s:%s/metrics   log %s\n' \
      "$name" "$HOST" "$port" "$HOST" "$port" "$(rel "$LOG_DIR/$name.log")"
  done
  say "   Status: bash deploy/local-cluster.sh status"
  say "   Stop:   bash deploy/local-cluster.sh stop   (PostgreSQL keeps running)"
}

# ---------------------------------------------------------------------------------------------- commands

cmd_start() {
  local silos=2 frontends=2 do_publish=1 p
  API_KEY=${CSMS_API_KEY:-}
  PARTITIONS=${CSMS_PARTITIONS:-}
  while [ $# -gt 0 ]; do
    case "$1" in
      --silos) [ $# -ge 2 ] || die "--silos needs a number"; silos=$2; shift 2 ;;
      --front-ends|--frontends) [ $# -ge 2 ] || die "--front-ends needs a number"; frontends=$2; shift 2 ;;
      --partitions) [ $# -ge 2 ] || die "--partitions needs a number"; PARTITIONS=$2; shift 2 ;;
      --api-key) [ $# -ge 2 ] || die "--api-key needs a value"; API_KEY=$2; shift 2 ;;
      --no-publish) do_publish=0; shift ;;
      -h|--help) usage; exit 0 ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
  done
  for p in "$LB_PORT" "$STATS_PORT" "$FRONTEND_BASE_PORT" "$SILO_BASE_PORT"; do
    if ! [[ $p =~ ^[1-9][0-9]*$ ]] || [ "$p" -gt 65000 ]; then die "invalid port '$p'"; fi
  done
  positive_int --silos "$silos"
  positive_int --front-ends "$frontends"
  if [ -n "$PARTITIONS" ]; then [[ $PARTITIONS =~ ^[1-9][0-9]*$ ]] || die "--partitions must be a positive number"; fi

  # Idempotent: a running cluster is left alone.
  local name running=()
  for name in $(known_names); do
    if running_pid "$name" >/dev/null; then running+=("$name"); fi
  done
  if [ ${#running[@]} -gt 0 ]; then
    # shellcheck source=/dev/null
    if [ -s "$PORTS_FILE" ]; then . "$PORTS_FILE"; fi
    say "The local cluster is already running (${running[*]}); nothing started."
    # shellcheck disable=SC2046
    print_process_table $(known_names)
    say "Stop it first to restart it: bash deploy/local-cluster.sh stop"
    return 0
  fi

  command -v dotnet >/dev/null 2>&1 || die "dotnet (the .NET 10 SDK) is not on PATH"
  command -v curl >/dev/null 2>&1 || die "curl is needed to poll the health endpoints"
  [ -d "$SILO_PROJECT" ] || die "$(rel "$SILO_PROJECT") does not exist: the silo host is not in this checkout"
  [ -d "$FRONTEND_PROJECT" ] || die "$(rel "$FRONTEND_PROJECT") does not exist: the front-end host is not in this checkout"

  local names=() i
  for i in $(seq 1 "$silos"); do names+=("silo-$i"); done
  for i in $(seq 1 "$frontends"); do names+=("frontend-$i"); done
  for name in "${names[@]}" haproxy; do
    if port_in_use "$(port_of "$name")"; then die "port $HOST:$(port_of "$name") (for $name) is already in use by another program"; fi
  done
  if port_in_use "$STATS_PORT"; then die "port $HOST:$STATS_PORT (HAProxy stats) is already in use by another program"; fi

  mkdir -p "$BIN_DIR" "$LOG_DIR" "$PID_DIR"
  rm -f "$PID_DIR"/*.pid "$API_KEY_FILE"
  printf 'LB_PORT=%s\nSTATS_PORT=%s\nFRONTEND_BASE_PORT=%s\nSILO_BASE_PORT=%s\n' \
    "$LB_PORT" "$STATS_PORT" "$FRONTEND_BASE_PORT" "$SILO_BASE_PORT" >"$PORTS_FILE"

  ensure_postgres

  if [ "$do_publish" -eq 1 ] || [ ! -f "$BIN_DIR/silo/$SILO_DLL" ] || [ ! -f "$BIN_DIR/frontend/$FRONTEND_DLL" ]; then
    step "Publishing the hosts (Release)"
    publish silo "$SILO_PROJECT" "$BIN_DIR/silo" "$SILO_DLL"
    publish front-end "$FRONTEND_PROJECT" "$BIN_DIR/frontend" "$FRONTEND_DLL"
  else
    step "Using the hosts already published in $(rel "$BIN_DIR") (--no-publish)"
  fi

  ensure_haproxy
  render_haproxy_cfg "$frontends"

  # A fresh secret per start authenticates calls between the tiers of this cluster only.
  (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$SECRET_FILE")
  CLUSTER_SECRET=$(cat "$SECRET_FILE")
  if [ -n "$API_KEY" ]; then (umask 077; printf '%s' "$API_KEY" >"$API_KEY_FILE"); fi

  step "Starting $silos silo(s)"
  for i in $(seq 1 "$silos"); do
    start_dotnet "silo-$i" "$BIN_DIR/silo" "$SILO_DLL" --Cluster:Role Silo
  done
  step "Starting $frontends front-end(s)"
  for i in $(seq 1 "$frontends"); do
    start_dotnet "frontend-$i" "$BIN_DIR/frontend" "$FRONTEND_DLL"
  done
  step "Starting HAProxy on $HOST:$LB_PORT"
  start_haproxy

  wait_ready "${names[@]}" haproxy
  print_urls "${names[@]}"
}

cmd_stop() {
  local names silos=() frontends=() proxies=() name
  names=$(known_names)
  if [ -z "$names" ]; then
    say "Nothing to stop: no process of the local cluster is recorded in $(rel "$PID_DIR")."
    say "PostgreSQL is left running."
    return 0
  fi
  for name in $names; do
    case "$name" in
      silo-*) silos+=("$name") ;;
      frontend-*) frontends+=("$name") ;;
      haproxy) proxies+=("$name") ;;
    esac
  done
  step "Stopping HAProxy and the front-ends (SIGTERM, SIGKILL after ${STOP_TIMEOUT}s)"
  stop_group ${proxies[@]+"${proxies[@]}"} ${frontends[@]+"${frontends[@]}"}
  step "Stopping the silos (SIGTERM, SIGKILL after ${STOP_TIMEOUT}s)"
  stop_group ${silos[@]+"${silos[@]}"}
  rm -f "$SECRET_FILE" "$API_KEY_FILE"
  say "Stopped. PostgreSQL is left running (database $PG_DATABASE on $PG_HOST:$PG_PORT keeps the cluster's data)."
  say "Logs are kept in $(rel "$LOG_DIR")."
}

cmd_status() {
  local names name total=0 ok=0
  names=$(known_names)
  if [ -z "$names" ]; then
    say "The local cluster is not running (no pid files in $(rel "$PID_DIR"))."
    return 3
  fi
  say "Local cluster processes:"
  # shellcheck disable=SC2086
  print_process_table $names
  for name in $names; do
    total=$((total + 1))
    if running_pid "$name" >/dev/null && is_ready "$name"; then ok=$((ok + 1)); fi
  done
  if pg_answers; then say "   PostgreSQL $PG_HOST:$PG_PORT answers (database $PG_DATABASE)"; else say "   PostgreSQL $PG_HOST:$PG_PORT DOES NOT ANSWER as $PG_USER"; fi
  say "$ok of $total processes ready. OCPP ws://$HOST:$LB_PORT/ocpp/{chargePointId}, REST http://$HOST:$LB_PORT/api"
  [ "$ok" -eq "$total" ]
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop ;;
  status) shift; cmd_status ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
