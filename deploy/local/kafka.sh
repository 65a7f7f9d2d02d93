#!/usr/bin/env bash
# A single-node KRaft Kafka 4.4.0 broker (combined broker + controller) for local development
# and tests, run from Maven Central jars as its own JVM process: no Docker, no tarball.
#
# usage: deploy/local/kafka.sh start|stop|kill|pid|restart|status|topics|describe|classpath
#
#   start      start the broker (no-op when it is already running), wait until it answers a
#              metadata request, then create Flotilla's topics. Last line on success:
#              "kafka: ready on 127.0.0.1:<port> ..." (or "kafka: already running ...").
#   stop       SIGTERM, up to 30 s, then SIGKILL. No-op when not running.
#   kill       SIGKILL at once, as a crash would (fault tests). No-op when not running.
#   pid        print the broker's pid; exit 3 when it is not running.
#   restart    stop, then start.
#   status     exit 0 running (and answering), 3 stopped, 4 process alive but not answering.
#   topics     create Flotilla's topics (idempotent; also done by start).
#   describe   print "topic partitions cleanup.policy" for every topic.
#   classpath  print the path of the file that holds the broker's classpath (kafka-clients is
#              on it), resolving it first when needed: CP=$(cat "$(deploy/local/kafka.sh classpath)")
#
# env: KAFKA_PORT (19092)  KAFKA_CONTROLLER_PORT (KAFKA_PORT+1)  KAFKA_HEAP (-Xms64m -Xmx384m)
#      FLOTILLA_STATE_DIR (<repo>/.flotilla/run)  KAFKA_START_TIMEOUT (60, seconds)
#      KAFKA_LOG_LEVEL (INFO)  KAFKA_JVM_OPTS (extra JVM options, empty)
# files: $FLOTILLA_STATE_DIR/kafka-$KAFKA_PORT/{broker.log,broker.pid,server.properties,data/}
#        $FLOTILLA_STATE_DIR/kafka-lib/ (cached classpath and compiled KafkaAdmin)
set -euo pipefail

LOG_TAG=kafka
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

KAFKA_PORT=${KAFKA_PORT:-19092}
require_port KAFKA_PORT "$KAFKA_PORT"
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
require_port KAFKA_CONTROLLER_PORT "$KAFKA_CONTROLLER_PORT"
[[ "$KAFKA_CONTROLLER_PORT" != "$KAFKA_PORT" ]] ||
  die "KAFKA_CONTROLLER_PORT must differ from KAFKA_PORT ($KAFKA_PORT)"
KAFKA_HEAP=${KAFKA_HEAP:--Xms64m -Xmx384m}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-60}
[[ "$KAFKA_START_TIMEOUT" =~ ^[1-9][0-9]*$ ]] ||
  die "KAFKA_START_TIMEOUT must be a whole number of seconds, got '$KAFKA_START_TIMEOUT'"
KAFKA_LOG_LEVEL=${KAFKA_LOG_LEVEL:-INFO}
KAFKA_JVM_OPTS=${KAFKA_JVM_OPTS:-}

CONF_DIR=$LOCAL_DIR/kafka
POM=$CONF_DIR/broker-pom.xml
ADMIN_SRC=$CONF_DIR/KafkaAdmin.java
LIB_DIR=$FLOTILLA_STATE_DIR/kafka-lib
HOME_DIR=$FLOTILLA_STATE_DIR/kafka-$KAFKA_PORT
DATA_DIR=$HOME_DIR/data
PROPS=$HOME_DIR/server.properties
PID_FILE=$HOME_DIR/broker.pid
LOG_FILE=$HOME_DIR/broker.log
BOOTSTRAP=127.0.0.1:$KAFKA_PORT

CP=""
ADMIN_CMD=()

# --- classpath and admin tool -----------------------------------------------------------

# Sets CP to the broker's classpath, resolving it with Maven the first time (or after
# broker-pom.xml changed, or after a jar disappeared from the local Maven repository).
resolve_classpath() {
  local sum cp_file jar jars missing=""
  sum=$(sha256sum "$POM" | cut -c1-16)
  cp_file=$LIB_DIR/classpath-$sum.txt
  if [[ -s "$cp_file" ]]; then
    IFS=: read -ra jars <"$cp_file" || true # no trailing newline: read returns 1
    for jar in "${jars[@]}"; do
      [[ -f "$jar" ]] || { missing=$jar; break; }
    done
    if [[ -z "$missing" ]]; then
      CP=$(<"$cp_file")
      return
    fi
    say "cached classpath names a jar that is gone ($missing): resolving again"
  fi
  require_cmd mvn "install Maven 3.8+ (apt-get install maven) and try again"
  mkdir -p -- "$LIB_DIR"
  local start_ms
  start_ms=$(now_ms)
  say "resolving the broker's jars with Maven (first run only; downloads ~40 MB from Maven Central)"
  if ! mvn -B -q -f "$POM" dependency:build-classpath \
    -Dmdep.outputFile="$cp_file.tmp.$$" >"$LIB_DIR/mvn.log" 2>&1; then
    rm -f -- "$cp_file.tmp.$$"
    tail_log "$LIB_DIR/mvn.log" 20
    die "Maven could not resolve the broker's jars from $POM" \
      "full output: $LIB_DIR/mvn.log" \
      "Maven Central must be reachable, or the jars already be in the local repository (~/.m2)"
  fi
  mv -f -- "$cp_file.tmp.$$" "$cp_file"
  CP=$(<"$cp_file")
  say "classpath resolved in $(elapsed_since "$start_ms"), cached in $cp_file"
}

# Sets ADMIN_CMD to run KafkaAdmin.java. With a JDK, the source is compiled once into the
# state dir (keyed by its checksum): a source launch recompiles on every call and costs ~1.5 s.
prepare_admin() {
  local jvm=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto
    -Dlog4j2.configurationFile="$CONF_DIR/log4j2.properties" -Dflotilla.kafka.log.level=ERROR)
  if ! command -v javac >/dev/null 2>&1; then
    ADMIN_CMD=("${jvm[@]}" -cp "$CP" "$ADMIN_SRC")
    return
  fi
  local sum dir tmp
  sum=$(sha256sum "$ADMIN_SRC" | cut -c1-16)
  dir=$LIB_DIR/admin-$sum
  if [[ ! -f "$dir/KafkaAdmin.class" ]]; then
    tmp=$dir.tmp.$$
    rm -rf -- "$tmp"
    mkdir -p -- "$tmp"
    if ! javac -nowarn -d "$tmp" -cp "$CP" "$ADMIN_SRC" >"$LIB_DIR/javac.log" 2>&1; then
      rm -rf -- "$tmp"
      tail_log "$LIB_DIR/javac.log" 20
      die "could not compile $ADMIN_SRC" "fix the error above (needs JDK 17)"
    fi
    mv -T -- "$tmp" "$dir" 2>/dev/null || rm -rf -- "$tmp" # another run may have won the race
  fi
  ADMIN_CMD=("${jvm[@]}" -cp "$dir:$CP" KafkaAdmin)
}

# Resolve the classpath and prepare KafkaAdmin in this shell (not in a $(...) or pipeline,
# where the result would be lost and the progress lines captured).
need_admin() {
  [[ -n "$CP" ]] || resolve_classpath
  ((${#ADMIN_CMD[@]})) || prepare_admin
}

admin() {
  ((${#ADMIN_CMD[@]})) || die "internal: need_admin was not called before admin"
  "${ADMIN_CMD[@]}" "$@"
}

# --- state ------------------------------------------------------------------------------

# Prints the broker's pid when our broker process (pid file + live process whose command line
# names our server.properties) exists, whether or not it answers yet.
broker_pid() {
  pid_file_live "$PID_FILE" "$PROPS"
}

is_ready() {
  broker_pid >/dev/null && port_open 127.0.0.1 "$KAFKA_PORT"
}

require_running() {
  is_ready || DIE_CODE=3 die "kafka is not running on $BOOTSTRAP" \
    "start it with: deploy/local/kafka.sh start   (state dir: $FLOTILLA_STATE_DIR)"
}

# A fresh KRaft cluster id: 16 random bytes, URL-safe base64 without padding (what
# StorageTool random-uuid prints, without starting a JVM), not starting with '-'.
new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    [[ "$id" == -* ]] || break
  done
  printf '%s\n' "$id"
}

check_ports_free() {
  local port
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open 127.0.0.1 "$port"; then
      die "port $port on 127.0.0.1 is already in use by another process (not this state dir's broker)" \
        "see who holds it: ss -ltnp 'sport = :$port'" \
        "stop it, or pick other ports: KAFKA_PORT=<port> (controller: KAFKA_PORT+1 or KAFKA_CONTROLLER_PORT)"
    fi
  done
}

# Formats the KRaft storage the first time; afterwards the data dir is reused as it is.
format_storage() {
  local formatted_port_file=$HOME_DIR/formatted-controller-port
  if [[ -f "$DATA_DIR/meta.properties" ]]; then
    if [[ -f "$formatted_port_file" && "$(<"$formatted_port_file")" != "$KAFKA_CONTROLLER_PORT" ]]; then
      die "$DATA_DIR was formatted for controller port $(<"$formatted_port_file"), not $KAFKA_CONTROLLER_PORT" \
        "use KAFKA_CONTROLLER_PORT=$(<"$formatted_port_file"), or reset it: rm -rf $HOME_DIR"
    fi
    say "reusing data in $DATA_DIR"
    return
  fi
  local id start_ms
  id=$(new_cluster_id)
  start_ms=$(now_ms)
  mkdir -p -- "$DATA_DIR"
  if ! java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -Dlog4j2.configurationFile="$CONF_DIR/log4j2.properties" -Dflotilla.kafka.log.level=WARN \
    -cp "$CP" kafka.tools.StorageTool format -t "$id" -c "$PROPS" --standalone \
    >"$HOME_DIR/format.log" 2>&1; then
    tail_log "$HOME_DIR/format.log" 40
    die "formatting the KRaft storage in $DATA_DIR failed" \
      "see $HOME_DIR/format.log; to start from scratch: rm -rf $HOME_DIR"
  fi
  printf '%s\n' "$KAFKA_CONTROLLER_PORT" >"$formatted_port_file"
  say "formatted new KRaft storage in $DATA_DIR (cluster id $id) in $(elapsed_since "$start_ms")"
}

launch() {
  local heap=() extra=()
  read -ra heap <<<"$KAFKA_HEAP"
  read -ra extra <<<"$KAFKA_JVM_OPTS"
  if [[ -f "$LOG_FILE" ]]; then mv -f -- "$LOG_FILE" "$LOG_FILE.1"; fi
  # setsid: the broker outlives this script and a Ctrl-C in its terminal. 9>&-: it must not
  # inherit the lock (see with_lock).
  # C1 only, serial GC: on a 2-core machine shared with the services, the C2 compiler's CPU cost
  # more than it won back (a 100 x 10 fleet sync: broker CPU 9.4 s -> 4.8 s, bench/README.md).
  setsid java "${heap[@]}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$CONF_DIR/log4j2.properties" \
    -Dflotilla.kafka.log.level="$KAFKA_LOG_LEVEL" -Dkafka.logs.dir="$HOME_DIR" \
    "${extra[@]}" -cp "$CP" kafka.Kafka "$PROPS" \
    </dev/null >"$LOG_FILE" 2>&1 9>&- &
  printf '%s\n' "$!" >"$PID_FILE"
}

# wait_ready_and_create_topics PID DEADLINE: waits until the port accepts connections (cheap,
# in bash), then - in one KafkaAdmin JVM - until a metadata request works, then creates the
# topics. Fails like start_failed when the broker is not ready by DEADLINE (in $SECONDS).
wait_ready_and_create_topics() {
  local pid=$1 deadline=$2 remaining out rc=0
  wait_for_port 127.0.0.1 "$KAFKA_PORT" $((deadline - SECONDS)) "$pid" || start_failed "$pid"
  remaining=$((deadline - SECONDS))
  ((remaining >= 1)) || remaining=1
  out=$(admin create-topics "$BOOTSTRAP" --wait "$remaining") || rc=$?
  [[ "$out" == ready:* ]] || start_failed "$pid"
  printf '%s\n' "$out" | sed -n "2,\$s/^/$LOG_TAG: /p"
  ((rc == 0)) || die "the broker is up but creating the topics failed (see above)" \
    "retry with: deploy/local/kafka.sh topics"
}

start_failed() {
  local pid=$1
  if pid_alive "$pid"; then
    warn "broker not ready after ${KAFKA_START_TIMEOUT} s: stopping it"
    stop_pid "$pid" broker 10 >&2
  else
    warn "the broker process (pid $pid) exited during start-up"
  fi
  rm -f -- "$PID_FILE"
  tail_log "$LOG_FILE" 40
  die "kafka did not start on $BOOTSTRAP" "full log: $LOG_FILE" \
    "a clean slate (deletes its topics): rm -rf $HOME_DIR"
}

# --- commands ---------------------------------------------------------------------------

cmd_start() {
  local start_ms pid deadline
  start_ms=$(now_ms)
  mkdir -p -- "$HOME_DIR"
  with_lock "$HOME_DIR/.lock"
  if pid=$(broker_pid); then
    if port_open 127.0.0.1 "$KAFKA_PORT"; then
      say "already running on $BOOTSTRAP (pid $pid); nothing to do"
      return 0
    fi
    say "broker process $pid exists but does not answer yet: waiting for it"
    need_admin
    deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  else
    pid_file_clean_stale "$PID_FILE" "$PROPS"
    check_ports_free
    resolve_classpath
    render_template "$CONF_DIR/server.properties.template" "$PROPS" \
      PORT="$KAFKA_PORT" CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT" DATA_DIR="$DATA_DIR"
    format_storage
    need_admin
    launch
    # The timeout counts from the launch: resolving jars and formatting do not eat into it.
    deadline=$((SECONDS + KAFKA_START_TIMEOUT))
    pid=$(<"$PID_FILE")
    say "started broker (pid $pid, heap $KAFKA_HEAP), log: $LOG_FILE"
  fi
  wait_ready_and_create_topics "$pid" "$deadline"
  say "ready on $BOOTSTRAP (pid $pid) in $(elapsed_since "$start_ms")"
}

cmd_stop() {
  local pid
  if [[ ! -d "$HOME_DIR" ]]; then
    say "not running on $BOOTSTRAP (no state in $HOME_DIR); nothing to stop"
    return 0
  fi
  with_lock "$HOME_DIR/.lock"
  if pid=$(broker_pid); then
    stop_pid "$pid" "broker on $BOOTSTRAP" 30
    rm -f -- "$PID_FILE"
  else
    pid_file_clean_stale "$PID_FILE" "$PROPS"
    say "not running on $BOOTSTRAP; nothing to stop"
  fi
}

cmd_kill() {
  local pid
  if pid=$(broker_pid); then
    say "killing broker on $BOOTSTRAP (pid $pid, SIGKILL)"
    kill -KILL "$pid" 2>/dev/null || true
    while pid_alive "$pid"; do sleep 0.1; done
  else
    say "not running on $BOOTSTRAP; nothing to kill"
  fi
}

cmd_status() {
  local pid
  if pid=$(broker_pid); then
    if port_open 127.0.0.1 "$KAFKA_PORT"; then
      say "running on $BOOTSTRAP (pid $pid), data in $HOME_DIR"
      return 0
    fi
    say "not answering: pid $pid is alive but $BOOTSTRAP refuses connections (starting, or hung; log: $LOG_FILE)"
    return 4
  fi
  if [[ -e "$PID_FILE" ]]; then
    say "stopped on $BOOTSTRAP (stale pid file $PID_FILE)"
  else
    say "stopped on $BOOTSTRAP"
  fi
  return 3
}

cmd_topics() {
  require_running
  need_admin
  admin create-topics "$BOOTSTRAP" | sed "s/^/$LOG_TAG: /"
}

cmd_describe() {
  require_running
  need_admin
  admin describe-topics "$BOOTSTRAP"
}

cmd_classpath() {
  resolve_classpath >&2
  printf '%s\n' "$LIB_DIR/classpath-$(sha256sum "$POM" | cut -c1-16).txt"
}

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
  exit 2
}

main() {
  [[ $# -eq 1 ]] || usage
  require_cmd java "install a JDK 17 (apt-get install openjdk-17-jdk-headless)"
  local rc=0
  case "$1" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    restart)
      cmd_stop
      cmd_start
      ;;
    status) cmd_status || rc=$? ;;
    kill) cmd_kill ;;
    pid) broker_pid || rc=3 ;;
    topics) cmd_topics ;;
    describe) cmd_describe ;;
    classpath) cmd_classpath ;;
    -h | --help | help) usage ;;
    *) usage ;;
  esac
  exit "$rc"
}

main "$@"
