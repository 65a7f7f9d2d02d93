#!/usr/bin/env bash
# The whole platform on one machine: Kafka, PostgreSQL, fleet-sim clusters and the four services,
# each its own process in the background, logs under $FLOTILLA_STATE_DIR/logs.
#
# usage: platform.sh up|down|status
#   up     starts what is not running yet (Kafka and PostgreSQL are reused when already up) and
#          waits until every service reports ready on /q/health/ready
#   down   stops what `up` started (Kafka and PostgreSQL only when `up` started them)
#   status one line per component
#
# env (defaults): FLOTILLA_STATE_DIR (.flotilla/run: Kafka and PostgreSQL data)
#   FLOTILLA_PLATFORM_DIR ($FLOTILLA_STATE_DIR/platform: pids, logs, caches, generated fleet repo)
#   FLOTILLA_CREDENTIALS_DIR (.flotilla/credentials)
#   FLOTILLA_FLEET_REPO (unset: a local fleet repo registering the simulated clusters is created)
#   FLOTILLA_FLEET_REF (main) KAFKA_PORT (19092) PGPORT_FLOTILLA (55432)
#   FLOTILLA_DB_URL (postgresql://127.0.0.1:$PGPORT_FLOTILLA/flotilla)
#   FLOTILLA_SIM_CLUSTERS (3; 0 = no fleet-sim) FLOTILLA_SIM_STATS_PORT (8090)
#   FLOTILLA_WATCHER_PORT (8081) FLOTILLA_RENDERER_PORT (8082) FLOTILLA_APPLIER_PORT (8083)
#   FLOTILLA_AUDITOR_PORT (8084) FLOTILLA_POLL_INTERVAL (10s) FLOTILLA_JAVA_OPTS (-Xmx256m)
set -euo pipefail
LOG_TAG=platform
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SERVICES=(git-watcher renderer applier auditor)
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
    auditor) echo "$FLOTILLA_AUDITOR_PORT" ;;
  esac
}

jar_of() { echo "$REPO_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

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
  nohup java -Xmx512m -jar "$jar" --clusters "$SIM_CLUSTERS" --out "$FLOTILLA_CREDENTIALS_DIR" \
    --stats-port "$SIM_STATS_PORT" >"$LOG_DIR/fleet-sim.log" 2>&1 9>&- &
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
  if pid=$(pid_file_live "$RUN_DIR/$svc.pid" "$svc/target/quarkus-app"); then
    say "$svc already running (pid $pid)"
    return 0
  fi
  [[ -f "$jar" ]] || die "$jar is missing" "build first: make build"
  port_open 127.0.0.1 "$port" &&
    die "port $port ($svc) is in use" "is another Flotilla up? stop it (make down) or set the port variable"
  say "starting $svc on :$port (log $LOG_DIR/$svc.log)"
  # shellcheck disable=SC2086
  FLOTILLA_CACHE_DIR=$PLATFORM_DIR/cache/$svc \
    nohup java ${FLOTILLA_JAVA_OPTS:--Xmx256m} -jar "$jar" >"$LOG_DIR/$svc.log" 2>&1 9>&- &
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
  for svc in "${SERVICES[@]}"; do
    if pid=$(pid_file_live "$RUN_DIR/$svc.pid" "$svc/target/quarkus-app"); then
      stop_pid "$pid" "$svc" 30
    fi
    rm -f "$RUN_DIR/$svc.pid"
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
    local needle="$svc/target/quarkus-app"
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

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) DIE_CODE=2 die "usage: platform.sh up|down|status" ;;
esac
