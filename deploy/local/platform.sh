#!/usr/bin/env bash
# The whole platform on one machine: Kafka, PostgreSQL, fleet-sim clusters and the four services,
# each its own process in the background, logs under $FLOTILLA_STATE_DIR/logs.
#
# usage: platform.sh up|down|status
#        platform.sh start|stop [--kill]|pid SERVICE
#   up     starts what is not running yet (Kafka and PostgreSQL are reused when already up) and
#          waits until every service reports ready on /q/health/ready
#   down   stops what `up` started (Kafka and PostgreSQL only when `up` started them)
#   status one line per component
#   start SERVICE        starts one component of this platform again and waits until it is ready
#   stop SERVICE [--kill] stops one component: SIGTERM, or SIGKILL at once with --kill (a crash)
#   pid SERVICE          prints its pid (exit 3 when it is not running)
#   SERVICE: git-watcher renderer applier applier-<i> auditor fleet-sim kafka postgres. Fault tests
#   use these; fleet-sim started again gets new ports and rewrites its kubeconfigs.
#
# env (defaults): FLOTILLA_STATE_DIR (.flotilla/run: Kafka and PostgreSQL data)
#   FLOTILLA_PLATFORM_DIR ($FLOTILLA_STATE_DIR/platform: pids, logs, caches, generated fleet repo)
#   FLOTILLA_CREDENTIALS_DIR (.flotilla/credentials)
#   FLOTILLA_FLEET_REPO (unset: a local fleet repo registering the simulated clusters is created)
#   FLOTILLA_FLEET_REF (main) KAFKA_PORT (19092) PGPORT_FLOTILLA (55432)
#   FLOTILLA_DB_URL (postgresql://127.0.0.1:$PGPORT_FLOTILLA/flotilla)
#   FLOTILLA_SIM_CLUSTERS (3; 0 = no fleet-sim) FLOTILLA_SIM_STATS_PORT (8090)
#   FLOTILLA_WATCHER_PORT (8081) FLOTILLA_RENDERER_PORT (8082) FLOTILLA_APPLIER_PORT (8083)
#   FLOTILLA_AUDITOR_PORT (8084) FLOTILLA_POLL_INTERVAL (10s)
#   FLOTILLA_JAVA_OPTS (-Xms32m -Xmx256m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30
#   -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djdk.nio.maxCachedBufferSize=1048576) for the services,
#   FLOTILLA_SIM_JAVA_OPTS (-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1) for fleet-sim: on a
#   small machine the C2 JIT compiler took 15-40 % of each service's CPU in a fleet sync and G1 its
#   own threads; with C1 only and the serial collector a 100 x 10 cold sync took 35 s instead of 49 s
#   (bench/README.md). The heap starts small and grows only while less than 10 % of it is free
#   after a collection: with the JVM's defaults (initial heap 1/64 of RAM, capped at -Xmx) the
#   applier's heap was all 256 MB touched whatever it held (applier/README.md, "Memory"). The JDK
#   keeps, per thread, a direct buffer as large as the largest socket read into a heap buffer: a
#   Kafka fetch is one read, so each consumer thread kept megabytes; only buffers up to 1 MB are kept
#   MALLOC_ARENA_MAX (2) for the services: glibc's per-thread malloc arenas cost tens of MB of RSS
#   FLOTILLA_APPLIER_INSTANCES (1): instance i >= 2 runs as applier-<i> on
#     FLOTILLA_APPLIER_PORT + 10*(i-1), in the same consumer group (they share the clusters)
#   FLOTILLA_SIM_LATENCY_MS (0): latency fleet-sim adds to every API request
set -euo pipefail
LOG_TAG=platform
JAVA_OPTS_DEFAULT="-Xms32m -Xmx256m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djdk.nio.maxCachedBufferSize=1048576"
SIM_JAVA_OPTS_DEFAULT="-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

APPLIER_INSTANCES=${FLOTILLA_APPLIER_INSTANCES:-1}
[[ "$APPLIER_INSTANCES" =~ ^[1-9][0-9]?$ ]] ||
  die "FLOTILLA_APPLIER_INSTANCES=$APPLIER_INSTANCES is not a number from 1 to 99"
SERVICES=(git-watcher renderer applier)
for ((i = 2; i <= APPLIER_INSTANCES; i++)); do SERVICES+=("applier-$i"); done
SERVICES+=(auditor)
# One platform's pids, logs, caches and generated fleet repo. Several platforms (make up, the demo,
# the end-to-end test) can share one Kafka and one PostgreSQL, each with its own platform dir.
PLATFORM_DIR=$(realpath -m -- "${FLOTILLA_PLATFORM_DIR:-$FLOTILLA_STATE_DIR/platform}")
RUN_DIR=$PLATFORM_DIR
LOG_DIR=$PLATFORM_DIR/logs
export FLOTILLA_CREDENTIALS_DIR=$(realpath -m -- "${FLOTILLA_CREDENTIALS_DIR:-$REPO_ROOT/.flotilla/credentials}")
export KAFKA_PORT=${KAFKA_PORT:-19092}
export KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
export PGPORT_FLOTILLA=${PGPORT_FLOTILLA:-55432}
export FLOTILLA_DB_URL=${FLOTILLA_DB_URL:-postgresql://127.0.0.1:$PGPORT_FLOTILLA/flotilla}
export FLOTILLA_FLEET_REF=${FLOTILLA_FLEET_REF:-main}
SIM_CLUSTERS=${FLOTILLA_SIM_CLUSTERS:-3}
SIM_STATS_PORT=${FLOTILLA_SIM_STATS_PORT:-8090}
export FLOTILLA_WATCHER_PORT=${FLOTILLA_WATCHER_PORT:-8081}
export FLOTILLA_RENDERER_PORT=${FLOTILLA_RENDERER_PORT:-8082}
export FLOTILLA_APPLIER_PORT=${FLOTILLA_APPLIER_PORT:-8083}
export FLOTILLA_AUDITOR_PORT=${FLOTILLA_AUDITOR_PORT:-8084}

port_of() {
  case "$1" in
    git-watcher) echo "$FLOTILLA_WATCHER_PORT" ;;
    renderer) echo "$FLOTILLA_RENDERER_PORT" ;;
    applier) echo "$FLOTILLA_APPLIER_PORT" ;;
    applier-*) echo $((FLOTILLA_APPLIER_PORT + 10 * (${1#applier-} - 1))) ;;
    auditor) echo "$FLOTILLA_AUDITOR_PORT" ;;
  esac
}

# The module a service runs from: applier-2 is another instance of applier.
module_of() { echo "${1%-[0-9]*}"; }

jar_of() { echo "$REPO_ROOT/$(module_of "$1")/target/quarkus-app/quarkus-run.jar"; }

# The pid of a service of this platform, when it runs.
service_pid() { pid_file_live "$RUN_DIR/$1.pid" "$(module_of "$1")/target/quarkus-app"; }

# --- infrastructure -----------------------------------------------------------------------

start_infra() { # name script
  if "$LOCAL_DIR/$2" status >/dev/null 2>&1; then
    say "$1 already running: reusing it (down will leave it running)"
  else
    "$LOCAL_DIR/$2" start
    echo "$1" >>"$RUN_DIR/started-infra"
  fi
}

database_name() { # the database of FLOTILLA_DB_URL
  local db=${FLOTILLA_DB_URL##*/}
  echo "${db%%\?*}"
}

# --- fleet-sim and the fleet repo ---------------------------------------------------------

start_fleet_sim() {
  ((SIM_CLUSTERS > 0)) || { say "FLOTILLA_SIM_CLUSTERS=0: no simulated clusters"; return 0; }
  local jar=$REPO_ROOT/fleet-sim/target/fleet-sim.jar pid
  if pid=$(pid_file_live "$RUN_DIR/fleet-sim.pid" fleet-sim.jar); then
    say "fleet-sim already running (pid $pid)"
    return 0
  fi
  [[ -f "$jar" ]] || die "$jar is missing" "build first: make build"
  port_open 127.0.0.1 "$SIM_STATS_PORT" &&
    die "port $SIM_STATS_PORT (fleet-sim stats) is in use" "stop what uses it, or set FLOTILLA_SIM_STATS_PORT"
  mkdir -p "$FLOTILLA_CREDENTIALS_DIR"
  rm -f "$FLOTILLA_CREDENTIALS_DIR/fleet-sim.ready"
  say "starting fleet-sim: $SIM_CLUSTERS clusters, kubeconfigs in $FLOTILLA_CREDENTIALS_DIR"
  # shellcheck disable=SC2086 # word splitting intended: JVM options
  nohup java ${FLOTILLA_SIM_JAVA_OPTS:-$SIM_JAVA_OPTS_DEFAULT} -jar "$jar" --clusters "$SIM_CLUSTERS" --out "$FLOTILLA_CREDENTIALS_DIR" \
    --stats-port "$SIM_STATS_PORT" --latency-ms "${FLOTILLA_SIM_LATENCY_MS:-0}" \
    >>"$LOG_DIR/fleet-sim.log" 2>&1 9>&- &
  echo $! >"$RUN_DIR/fleet-sim.pid"
  local deadline=$((SECONDS + 60))
  until [[ -f "$FLOTILLA_CREDENTIALS_DIR/fleet-sim.ready" ]]; do
    if ! pid_alive "$(cat "$RUN_DIR/fleet-sim.pid")" || ((SECONDS > deadline)); then
      tail_log "$LOG_DIR/fleet-sim.log"
      die "fleet-sim did not start" "its log: $LOG_DIR/fleet-sim.log"
    fi
    sleep 0.1
  done
  say "fleet-sim ready: stats at http://127.0.0.1:$SIM_STATS_PORT/stats"
}

# A fleet repo that registers the simulated clusters (sim-1 env=staging, the rest env=prod) and
# one sample app, guestbook (deploy/local/sample-app), from its own local repo, on env=prod.
ensure_fleet_repo() {
  if [[ -n "${FLOTILLA_FLEET_REPO:-}" ]]; then
    say "fleet repo: $FLOTILLA_FLEET_REPO ($FLOTILLA_FLEET_REF)"
    return 0
  fi
  local repo=$PLATFORM_DIR/fleet-repo app_repo=$PLATFORM_DIR/sample-app-repo i env
  require_cmd git "install git (apt-get install git)"
  if [[ ! -d "$app_repo/.git" ]]; then
    mkdir -p "$app_repo"
    cp -r "$LOCAL_DIR/sample-app/guestbook" "$app_repo/"
    git_commit "$app_repo" main "guestbook: first release"
    say "created a sample app repo at $app_repo (edit guestbook/*.yaml and commit to roll out)"
  fi
  if [[ ! -d "$repo/.git" ]]; then
    mkdir -p "$repo/clusters" "$repo/apps"
    for ((i = 1; i <= SIM_CLUSTERS; i++)); do
      env=prod
      ((i == 1)) && env=staging
      cat >"$repo/clusters/sim-$i.yaml" <<YAML
apiVersion: flotilla.io/v1
kind: Cluster
metadata:
  name: sim-$i
  labels: {env: $env}
spec:
  kubeconfig:
    secretRef: sim-$i.kubeconfig
YAML
    done
    cat >"$repo/apps/guestbook.yaml" <<YAML
apiVersion: flotilla.io/v1
kind: Application
metadata:
  name: guestbook
spec:
  source:
    repoURL: file://$app_repo
    ref: main
    path: guestbook
    type: yaml
  destination:
    namespace: guestbook
    clusterSelector:
      matchLabels: {env: prod}
YAML
    git_commit "$repo" "$FLOTILLA_FLEET_REF" "fleet: $SIM_CLUSTERS simulated clusters; guestbook on env=prod"
    say "created a local fleet repo at $repo (add apps under apps/ and commit)"
  fi
  export FLOTILLA_FLEET_REPO=file://$repo
  say "fleet repo: $FLOTILLA_FLEET_REPO ($FLOTILLA_FLEET_REF)"
}

git_commit() { # dir branch message: a new repo on that branch with everything in dir committed
  git -C "$1" init -q -b "$2"
  git -C "$1" add -A
  git -C "$1" -c user.name=flotilla -c user.email=flotilla@localhost commit -q -m "$3"
}

ensure_api_tokens() {
  local file=${FLOTILLA_API_TOKENS:-$FLOTILLA_CREDENTIALS_DIR/api-tokens}
  if [[ ! -f "$file" ]]; then
    mkdir -p "$(dirname "$file")"
    (umask 077 && printf '%s admin\n' "$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')" >"$file")
    say "created an admin API token in $file"
  fi
}

# --- services -----------------------------------------------------------------------------

start_service() {
  local svc=$1 port jar pid
  port=$(port_of "$svc")
  jar=$(jar_of "$svc")
  if pid=$(service_pid "$svc"); then
    say "$svc already running (pid $pid)"
    return 0
  fi
  [[ -f "$jar" ]] || die "$jar is missing" "build first: make build"
  port_open 127.0.0.1 "$port" &&
    die "port $port ($svc) is in use" "is another Flotilla up? stop it (make down) or set the port variable"
  say "starting $svc on :$port (log $LOG_DIR/$svc.log)"
  local applier_port=$FLOTILLA_APPLIER_PORT
  [[ "$(module_of "$svc")" == applier ]] && applier_port=$port
  echo "--- $(date -u +%FT%TZ) starting $svc" >>"$LOG_DIR/$svc.log"
  # shellcheck disable=SC2086
  FLOTILLA_CACHE_DIR=$PLATFORM_DIR/cache/$svc FLOTILLA_APPLIER_PORT=$applier_port \
    MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} nohup java ${FLOTILLA_JAVA_OPTS:-$JAVA_OPTS_DEFAULT} -jar "$jar" >>"$LOG_DIR/$svc.log" 2>&1 9>&- &
  echo $! >"$RUN_DIR/$svc.pid"
}

wait_ready() {
  local svc=$1 port pid deadline=$((SECONDS + 120))
  port=$(port_of "$svc")
  pid=$(cat "$RUN_DIR/$svc.pid")
  until curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    if ! pid_alive "$pid" || ((SECONDS > deadline)); then
      tail_log "$LOG_DIR/$svc.log"
      die "$svc did not become ready" "its log: $LOG_DIR/$svc.log"
    fi
    sleep 0.25
  done
  say "$svc ready: http://127.0.0.1:$port (health /q/health, metrics /q/metrics)"
}

cmd_up() {
  local started svc
  started=$(now_ms)
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  with_lock "$RUN_DIR/.lock"
  require_cmd java "install a JDK 17 (apt-get install openjdk-17-jdk-headless)"
  require_cmd curl "install curl (apt-get install curl)"
  start_infra kafka kafka.sh
  start_infra postgres postgres.sh
  "$LOCAL_DIR/postgres.sh" createdb "$(database_name)" >/dev/null
  ensure_api_tokens
  start_fleet_sim
  ensure_fleet_repo
  for svc in "${SERVICES[@]}"; do start_service "$svc"; done
  for svc in "${SERVICES[@]}"; do wait_ready "$svc"; done
  say "Flotilla is up in $(elapsed_since "$started"); logs in $LOG_DIR; stop it with: make down"
}

cmd_down() {
  local svc pid infra
  mkdir -p "$RUN_DIR"
  with_lock "$RUN_DIR/.lock"
  # Every service with a pid file, also applier instances beyond today's FLOTILLA_APPLIER_INSTANCES.
  local pidfile
  for pidfile in "$RUN_DIR"/*.pid; do
    [[ -e "$pidfile" ]] || continue
    svc=$(basename "$pidfile" .pid)
    [[ "$svc" == fleet-sim ]] && continue
    if pid=$(service_pid "$svc"); then
      stop_pid "$pid" "$svc" 30
    fi
    rm -f "$pidfile"
  done
  if pid=$(pid_file_live "$RUN_DIR/fleet-sim.pid" fleet-sim.jar); then
    stop_pid "$pid" fleet-sim 15
  fi
  rm -f "$RUN_DIR/fleet-sim.pid"
  if [[ -f "$RUN_DIR/started-infra" ]]; then
    while read -r infra; do
      "$LOCAL_DIR/$infra.sh" stop
    done <"$RUN_DIR/started-infra"
    rm -f "$RUN_DIR/started-infra"
  fi
  say "down"
}

cmd_status() {
  local svc pid rc=0
  "$LOCAL_DIR/kafka.sh" status || rc=3
  "$LOCAL_DIR/postgres.sh" status || rc=3
  for svc in fleet-sim "${SERVICES[@]}"; do
    local needle
    needle="$(module_of "$svc")/target/quarkus-app"
    [[ "$svc" == fleet-sim ]] && needle=fleet-sim.jar
    if pid=$(pid_file_live "$RUN_DIR/$svc.pid" "$needle"); then
      say "$svc running (pid $pid)"
    else
      say "$svc stopped"
      rc=3
    fi
  done
  return $rc
}

# --- one component at a time (fault tests) ------------------------------------------------

known_component() { # SERVICE: dies unless it names a component of this platform
  case "$1" in
    kafka | postgres | fleet-sim | git-watcher | renderer | applier | applier-[1-9] | applier-[1-9][0-9] | auditor) ;;
    *) DIE_CODE=2 die "unknown service '$1'" "one of: kafka postgres fleet-sim ${SERVICES[*]}" ;;
  esac
}

component_pid() { # SERVICE: its pid, or fail
  case "$1" in
    kafka) "$LOCAL_DIR/kafka.sh" pid ;;
    postgres) "$LOCAL_DIR/postgres.sh" pid ;;
    fleet-sim) pid_file_live "$RUN_DIR/fleet-sim.pid" fleet-sim.jar ;;
    git-watcher | renderer | applier | applier-[0-9]* | auditor) service_pid "$1" ;;
    *) DIE_CODE=2 die "unknown service '$1'" "one of: kafka postgres fleet-sim ${SERVICES[*]}" ;;
  esac
}

cmd_pid() {
  local pid
  known_component "$1"
  if ! pid=$(component_pid "$1"); then
    say "$1 is not running"
    exit 3
  fi
  echo "$pid"
}

cmd_stop_one() { # SERVICE [--kill]
  local svc=$1 kill=${2:-} pid
  [[ -z "$kill" || "$kill" == --kill ]] || DIE_CODE=2 die "unknown option '$kill'" "usage: platform.sh stop SERVICE [--kill]"
  known_component "$svc"
  case "$svc" in
    kafka) if [[ -n "$kill" ]]; then "$LOCAL_DIR/kafka.sh" kill; else "$LOCAL_DIR/kafka.sh" stop; fi ;;
    postgres) if [[ -n "$kill" ]]; then "$LOCAL_DIR/postgres.sh" kill; else "$LOCAL_DIR/postgres.sh" stop; fi ;;
    *)
      if ! pid=$(component_pid "$svc"); then
        say "$svc is not running; nothing to stop"
        return 0
      fi
      if [[ -n "$kill" ]]; then
        say "killing $svc (pid $pid, SIGKILL)"
        kill -KILL "$pid" 2>/dev/null || true
        while pid_alive "$pid"; do sleep 0.1; done
      else
        stop_pid "$pid" "$svc" 30
      fi
      ;;
  esac
}

cmd_start_one() { # SERVICE
  local svc=$1
  known_component "$svc"
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  case "$svc" in
    kafka) "$LOCAL_DIR/kafka.sh" start ;;
    postgres) "$LOCAL_DIR/postgres.sh" start ;;
    fleet-sim) start_fleet_sim ;;
    git-watcher | renderer | applier | applier-[0-9]* | auditor)
      ensure_fleet_repo >/dev/null
      start_service "$svc"
      wait_ready "$svc"
      ;;
    *) DIE_CODE=2 die "unknown service '$svc'" "one of: kafka postgres fleet-sim ${SERVICES[*]}" ;;
  esac
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status || exit $? ;;
  start) [[ $# -eq 2 ]] || DIE_CODE=2 die "usage: platform.sh start SERVICE"; cmd_start_one "$2" ;;
  stop) [[ $# -ge 2 && $# -le 3 ]] || DIE_CODE=2 die "usage: platform.sh stop SERVICE [--kill]"; cmd_stop_one "$2" "${3:-}" ;;
  pid) [[ $# -eq 2 ]] || DIE_CODE=2 die "usage: platform.sh pid SERVICE"; cmd_pid "$2" ;;
  *) DIE_CODE=2 die "usage: platform.sh up|down|status, or start|stop [--kill]|pid SERVICE" ;;
esac
