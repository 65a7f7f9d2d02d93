#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for local development and tests: its own data directory and
# port, fsync off, listening on 127.0.0.1 only. Not the system cluster (that one is untouched).
#
# usage: deploy/local/postgres.sh start|stop|kill|pid|restart|status|createdb NAME|dropdb NAME
#
#   start         initdb the first time, start the server (no-op when running), wait until
#                 pg_isready, make sure role flotilla (password flotilla, LOGIN CREATEDB; owns
#                 the databases and runs the migrations), role flotilla_auditor (password
#                 flotilla_auditor, LOGIN only: the auditor's service role, granted SELECT and
#                 INSERT by the auditor's migrations) and database flotilla (owned by flotilla)
#                 exist. Last line on success:
#                 "postgres: ready on 127.0.0.1:<port> ..." (or "postgres: already running ...").
#   stop          fast shutdown (immediate if that takes over 60 s). No-op when not running.
#   kill          immediate shutdown (no checkpoint; recovery on the next start), as a crash.
#   pid           print the postmaster's pid; exit 3 when it is not running.
#   restart       stop, then start.
#   status        exit 0 running (and accepting connections), 3 stopped, 4 up but not accepting.
#   createdb NAME create database NAME owned by flotilla unless it exists (for tests).
#   dropdb NAME   drop database NAME if it exists, disconnecting its sessions.
#
# env: PGPORT_FLOTILLA (55432)  FLOTILLA_STATE_DIR (<repo>/.flotilla/run)
#      PG_BIN (newest /usr/lib/postgresql/*/bin)  PG_START_TIMEOUT (60, seconds)
# files: $FLOTILLA_STATE_DIR/postgres-$PGPORT_FLOTILLA/{data/,postgres.log,.s.PGSQL.<port>}
# Runs the server as the `postgres` user when invoked as root, as the caller otherwise.
set -euo pipefail

LOG_TAG=postgres
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

PG_PORT=${PGPORT_FLOTILLA:-55432}
require_port PGPORT_FLOTILLA "$PG_PORT"
PG_START_TIMEOUT=${PG_START_TIMEOUT:-60}
[[ "$PG_START_TIMEOUT" =~ ^[1-9][0-9]*$ ]] ||
  die "PG_START_TIMEOUT must be a whole number of seconds, got '$PG_START_TIMEOUT'"

PG_ROOT=${FLOTILLA_PG_DIR:-$FLOTILLA_STATE_DIR/postgres-$PG_PORT}
# As root the server runs as `postgres`, which cannot enter e.g. /root: a clone under a home
# folder would fail. Then the cluster lives under /var/tmp instead, named after the state dir so
# each state dir keeps its own (set FLOTILLA_PG_DIR to choose the place yourself).
pg_nearest=$FLOTILLA_STATE_DIR
while [[ ! -e "$pg_nearest" && "$pg_nearest" != / ]]; do pg_nearest=$(dirname "$pg_nearest"); done
if [[ -z "${FLOTILLA_PG_DIR:-}" ]] && ((EUID == 0)) && id postgres >/dev/null 2>&1 &&
  ! runuser -u postgres -- test -x "$pg_nearest" 2>/dev/null; then
  PG_ROOT=/var/tmp/flotilla-postgres-$PG_PORT-$(printf '%s' "$FLOTILLA_STATE_DIR" | md5sum | cut -c1-8)
fi
PG_DATA=$PG_ROOT/data
LOG_FILE=$PG_ROOT/postgres.log
SOCKET_DIR=$PG_ROOT # the server's unix socket lives beside its data, not in /var/run
DB_USER=flotilla
DB_PASSWORD=flotilla
DB_NAME=flotilla
# The auditor connects as this role; its own Flyway migrations (run as $DB_USER) grant it
# SELECT and INSERT on the audit tables and nothing else. Local development password only.
AUDITOR_USER=flotilla_auditor
AUDITOR_PASSWORD=flotilla_auditor

if ((EUID == 0)); then
  RUN_AS=postgres
else
  RUN_AS=$(id -un)
fi

BIN=""

# --- binaries ---------------------------------------------------------------------------

# Sets BIN to the newest /usr/lib/postgresql/*/bin (or $PG_BIN). With "install" as argument,
# installs the Debian package when running as root and they are missing; otherwise fails.
find_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then
    [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] ||
      die "PG_BIN=$PG_BIN does not hold initdb and pg_ctl" "unset PG_BIN, or point it at a PostgreSQL bin directory"
    BIN=$PG_BIN
    return 0
  fi
  local dir newest=""
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] || continue
    newest=$(printf '%s\n%s\n' "$newest" "$dir" | sed '/^$/d' | sort -V | tail -n 1)
  done
  if [[ -n "$newest" ]]; then
    BIN=$newest
    return 0
  fi
  [[ "${1:-}" == install ]] || return 1
  if ((EUID != 0)); then
    die "the PostgreSQL server is not installed (no initdb under /usr/lib/postgresql/*/bin)" \
      "install it: sudo apt-get install postgresql   (or set PG_BIN to a directory holding initdb and pg_ctl)"
  fi
  local apt_log=$FLOTILLA_STATE_DIR/apt-postgresql.log
  mkdir -p -- "$FLOTILLA_STATE_DIR"
  say "PostgreSQL server not found under /usr/lib/postgresql: installing it (apt-get update && apt-get install -y postgresql), log: $apt_log"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; } >"$apt_log" 2>&1; then
    tail_log "$apt_log" 20
    die "installing postgresql with apt-get failed" "see $apt_log, fix it, or install it yourself: apt-get install postgresql"
  fi
  find_bin || die "postgresql was installed but no initdb appeared under /usr/lib/postgresql/*/bin" "see $apt_log"
  say "installed PostgreSQL ($BIN)"
}

# --- running things as the server's user ------------------------------------------------

# as_server CMD...: runs CMD as the user that owns the cluster (from / so that a home
# directory it cannot enter does not matter).
as_server() {
  if ((EUID == 0)); then
    (cd / && runuser -u "$RUN_AS" -- "$@")
  else
    (cd / && "$@")
  fi
}

# The superuser, over the unix socket (trust auth), on database postgres.
psql_admin() {
  "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PG_PORT" -U postgres -d postgres "$@"
}

# --- state ------------------------------------------------------------------------------

# 0: the postmaster of this data dir runs; 1: it does not.
server_running() {
  [[ -f "$PG_DATA/PG_VERSION" ]] || return 1
  as_server "$BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

accepting() {
  "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 2
}

require_running() {
  find_bin || DIE_CODE=3 die "PostgreSQL is not installed" "start it first: deploy/local/postgres.sh start"
  if ! server_running || ! accepting; then
    DIE_CODE=3 die "postgres is not running on 127.0.0.1:$PG_PORT" \
      "start it with: deploy/local/postgres.sh start   (state dir: $FLOTILLA_STATE_DIR)"
  fi
}

# --- preparing the directory ------------------------------------------------------------

# Dies with a clear message when the server's user cannot reach $PG_ROOT, naming the first
# directory on the way that it cannot enter.
check_reachable() {
  ((EUID == 0)) || return 0
  local path="" part
  local -a parts
  IFS=/ read -ra parts <<<"${PG_ROOT#/}" || true
  for part in "${parts[@]}"; do
    path=$path/$part
    [[ -d "$path" ]] || break
    if ! runuser -u "$RUN_AS" -- test -x "$path"; then
      die "the '$RUN_AS' user cannot enter $path ($(stat -c '%A %U:%G' -- "$path")), so the server cannot use $PG_ROOT" \
        "use a state dir it can reach, e.g.: FLOTILLA_STATE_DIR=/tmp/flotilla-run $0 start" \
        "or let it through: chmod o+x $path"
    fi
  done
}

prepare_dir() {
  mkdir -p -- "$PG_ROOT"
  if ((EUID == 0)); then
    id -u "$RUN_AS" >/dev/null 2>&1 ||
      die "there is no '$RUN_AS' system user to run the server as" "install the postgresql package (apt-get install postgresql), which creates it"
    check_reachable
    if [[ "$(stat -c %U -- "$PG_ROOT")" != "$RUN_AS" ]]; then
      say "handing $PG_ROOT to the '$RUN_AS' user"
      chown -R "$RUN_AS:" -- "$PG_ROOT"
    fi
  elif [[ ! -O "$PG_ROOT" ]]; then
    die "$PG_ROOT belongs to $(stat -c %U -- "$PG_ROOT"), not to you ($RUN_AS)" \
      "run this script as that user (or as root), or use another FLOTILLA_STATE_DIR or PGPORT_FLOTILLA"
  fi
  local socket=$SOCKET_DIR/.s.PGSQL.$PG_PORT
  ((${#socket} <= 100)) ||
    die "the unix socket path $socket is too long (${#socket} chars; the limit is about 100)" \
      "use a shorter FLOTILLA_STATE_DIR, e.g. /tmp/flotilla-run"
}

init_cluster() {
  local version
  version=$("$BIN/postgres" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')
  if [[ -f "$PG_DATA/PG_VERSION" ]]; then
    local made_by
    made_by=$(<"$PG_DATA/PG_VERSION")
    [[ "$made_by" == "$version" ]] ||
      die "$PG_DATA was made by PostgreSQL $made_by but the binaries in $BIN are version $version" \
        "point PG_BIN at PostgreSQL $made_by's bin directory, or reset: rm -rf $PG_ROOT"
    say "reusing cluster in $PG_DATA (PostgreSQL $version)"
    return
  fi
  local locale=C
  if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then locale=C.UTF-8; fi
  local start_ms
  start_ms=$(now_ms)
  if ! as_server "$BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale="$locale" \
    --no-sync --no-instructions >"$PG_ROOT/initdb.log" 2>&1; then
    tail_log "$PG_ROOT/initdb.log" 20
    die "initdb failed in $PG_DATA" "see $PG_ROOT/initdb.log; a clean slate: rm -rf $PG_ROOT"
  fi
  say "initialised a new PostgreSQL $version cluster in $PG_DATA in $(elapsed_since "$start_ms")"
}

# The server settings live in data/flotilla.conf, rewritten on every start (so editing this
# script is enough to change them) and included from postgresql.conf.
write_config() {
  local conf
  conf="# Written by deploy/local/postgres.sh on every start: change the script, not this file.
port = $PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '${SOCKET_DIR//\'/\'\'}'
# A throwaway cluster: durability off for speed. A crash can lose or corrupt data; reset it then.
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'"
  printf '%s\n' "$conf" | as_server tee "$PG_DATA/flotilla.conf" >/dev/null
  if ! grep -q "^include_if_exists = 'flotilla.conf'" "$PG_DATA/postgresql.conf"; then
    printf "\n# deploy/local/postgres.sh\ninclude_if_exists = 'flotilla.conf'\n" |
      as_server tee -a "$PG_DATA/postgresql.conf" >/dev/null
  fi
}

check_port_free() {
  if port_open 127.0.0.1 "$PG_PORT"; then
    die "port $PG_PORT on 127.0.0.1 is already in use by another process (not this state dir's cluster)" \
      "see who holds it: ss -ltnp 'sport = :$PG_PORT'" \
      "stop it, or pick another port: PGPORT_FLOTILLA=<port> $0 start"
  fi
}

# Roles flotilla and flotilla_auditor and database flotilla, created when missing (idempotent,
# quiet otherwise).
provision() {
  local have
  have=$(psql_admin -tA -c "SELECT
      (SELECT count(*) FROM pg_roles WHERE rolname = '$DB_USER') || ' ' ||
      (SELECT count(*) FROM pg_roles WHERE rolname = '$AUDITOR_USER') || ' ' ||
      (SELECT count(*) FROM pg_database WHERE datname = '$DB_NAME')")
  local -a counts
  read -ra counts <<<"$have"
  if [[ "${counts[0]}" == 0 ]]; then
    psql_admin -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
    say "created role $DB_USER (password $DB_PASSWORD, LOGIN CREATEDB)"
  fi
  if [[ "${counts[1]}" == 0 ]]; then
    psql_admin -c "CREATE ROLE $AUDITOR_USER LOGIN PASSWORD '$AUDITOR_PASSWORD'"
    say "created role $AUDITOR_USER (password $AUDITOR_PASSWORD, LOGIN; the auditor's service role)"
  fi
  if [[ "${counts[2]}" == 0 ]]; then
    psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
    say "created database $DB_NAME owned by $DB_USER"
  fi
}

start_failed() {
  tail_log "$LOG_FILE" 40
  die "postgres did not start on 127.0.0.1:$PG_PORT" "full log: $LOG_FILE" \
    "a clean slate (deletes all its databases): rm -rf $PG_ROOT"
}

# --- commands ---------------------------------------------------------------------------

cmd_start() {
  local start_ms deadline
  start_ms=$(now_ms)
  find_bin install
  prepare_dir
  with_lock "$PG_ROOT/.lock"
  if server_running && accepting; then
    provision
    say "already running on 127.0.0.1:$PG_PORT (data $PG_DATA); nothing to do"
    return 0
  fi
  if server_running; then
    say "server of $PG_DATA is up but not accepting connections yet: waiting for it"
  else
    check_port_free
    init_cluster
    write_config
    # -w: pg_ctl waits until the server accepts connections, and fails early if it dies.
    # 9>&-: the server must not inherit the lock (see with_lock).
    if ! as_server "$BIN/pg_ctl" start -D "$PG_DATA" -l "$LOG_FILE" -w -t "$PG_START_TIMEOUT" \
      >"$PG_ROOT/pg_ctl.log" 2>&1 9>&-; then
      cat -- "$PG_ROOT/pg_ctl.log" >&2
      start_failed
    fi
    say "started server ($BIN/postgres), log: $LOG_FILE"
  fi
  deadline=$((SECONDS + PG_START_TIMEOUT))
  until accepting; do
    ((SECONDS < deadline)) || start_failed
    sleep 0.1
  done
  provision
  say "ready on 127.0.0.1:$PG_PORT in $(elapsed_since "$start_ms"): postgresql://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME"
}

cmd_stop() {
  if [[ ! -f "$PG_DATA/PG_VERSION" ]] || ! find_bin; then
    say "not running on 127.0.0.1:$PG_PORT (no cluster in $PG_DATA); nothing to stop"
    return 0
  fi
  with_lock "$PG_ROOT/.lock"
  if ! server_running; then
    say "not running on 127.0.0.1:$PG_PORT; nothing to stop"
    return 0
  fi
  local start_ms
  start_ms=$(now_ms)
  say "stopping server of $PG_DATA (fast shutdown)"
  if ! as_server "$BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 >"$PG_ROOT/pg_ctl.log" 2>&1; then
    warn "fast shutdown did not finish within 60 s: immediate shutdown"
    as_server "$BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 30 >>"$PG_ROOT/pg_ctl.log" 2>&1 ||
      die "could not stop the server of $PG_DATA" "see $PG_ROOT/pg_ctl.log and $LOG_FILE"
  fi
  say "stopped in $(elapsed_since "$start_ms")"
}

cmd_kill() {
  if [[ ! -f "$PG_DATA/PG_VERSION" ]] || ! find_bin || ! server_running; then
    say "not running on 127.0.0.1:$PG_PORT; nothing to kill"
    return 0
  fi
  say "stopping server of $PG_DATA (immediate shutdown)"
  as_server "$BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 30 >"$PG_ROOT/pg_ctl.log" 2>&1 ||
    die "could not stop the server of $PG_DATA" "see $PG_ROOT/pg_ctl.log and $LOG_FILE"
}

cmd_pid() {
  if [[ -f "$PG_DATA/PG_VERSION" ]] && find_bin && server_running && [[ -r "$PG_DATA/postmaster.pid" ]]; then
    head -1 "$PG_DATA/postmaster.pid"
  else
    return 3
  fi
}

cmd_status() {
  if find_bin && server_running; then
    if accepting; then
      say "running on 127.0.0.1:$PG_PORT, data in $PG_DATA"
      return 0
    fi
    say "not accepting connections: the server of $PG_DATA is up but 127.0.0.1:$PG_PORT does not answer (starting, or in trouble; log: $LOG_FILE)"
    return 4
  fi
  say "stopped on 127.0.0.1:$PG_PORT"
  return 3
}

# Database names are passed to psql as variables and quoted by it (:'x' literal, :"x"
# identifier), so any name PostgreSQL accepts is fine.
require_db_name() { # NAME COMMAND
  [[ -n "$1" ]] || die "missing database name" "usage: $0 $2 NAME"
  ((${#1} <= 63)) || die "database name '$1' is longer than 63 bytes"
  if [[ "$2" == dropdb ]]; then
    case "$1" in
      "$DB_NAME" | postgres | template0 | template1) die "refusing to drop database '$1'" ;;
    esac
  fi
}

db_exists() {
  local n
  n=$(psql_admin -tA -v name="$1" <<'SQL'
SELECT count(*) FROM pg_database WHERE datname = :'name';
SQL
  )
  [[ "$n" == 1 ]]
}

cmd_createdb() {
  require_db_name "$1" createdb
  require_running
  local url="postgresql://127.0.0.1:$PG_PORT/$1"
  [[ "$1" =~ ^[A-Za-z0-9_.-]+$ ]] || url="(quote the name in URLs)"
  if db_exists "$1"; then
    say "database $1 already exists: $url"
    return 0
  fi
  local err
  if ! err=$(psql_admin -v name="$1" -v owner="$DB_USER" 2>&1 <<'SQL'
CREATE DATABASE :"name" OWNER :"owner";
SQL
  ); then
    # Another caller may have created it at the same moment: that is fine.
    if db_exists "$1"; then
      say "database $1 already exists: $url"
      return 0
    fi
    die "could not create database $1: $err"
  fi
  say "created database $1 owned by $DB_USER: $url"
}

cmd_dropdb() {
  require_db_name "$1" dropdb
  require_running
  if ! db_exists "$1"; then
    say "database $1 does not exist; nothing to drop"
    return 0
  fi
  psql_admin -v name="$1" <<'SQL'
DROP DATABASE IF EXISTS :"name" WITH (FORCE);
SQL
  say "dropped database $1"
}

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
  exit 2
}

main() {
  local rc=0
  case "${1:-}" in
    start | stop | kill | pid | restart | status) [[ $# -eq 1 ]] || usage ;;
    createdb | dropdb) [[ $# -eq 2 ]] || usage ;;
    *) usage ;;
  esac
  case "$1" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    kill) cmd_kill ;;
    pid) cmd_pid || rc=$? ;;
    restart)
      cmd_stop
      cmd_start
      ;;
    status) cmd_status || rc=$? ;;
    createdb) cmd_createdb "$2" ;;
    dropdb) cmd_dropdb "$2" ;;
  esac
  exit "$rc"
}

main "$@"
